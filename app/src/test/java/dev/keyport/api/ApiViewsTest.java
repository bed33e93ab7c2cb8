package dev.keyport.api;

import dev.keyport.login.Challenge;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionDefinition;
import dev.keyport.session.SessionState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the API shows the domain. The API's own enums (module api-model, which the CLI reads) and the domain's name the same values: a state added
 * or renamed on one side only would fail here rather than as a 500 or an unreadable answer in the CLI.
 */
class ApiViewsTest {

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    @Test
    void sessionStatusesAreTheSameOnBothSides() {
        assertEquals(Arrays.asList(names(dev.keyport.session.SessionStatus.values())),
                Arrays.asList(names(dev.keyport.api.model.SessionStatus.values())));
        for (var s : dev.keyport.session.SessionStatus.values()) {
            assertEquals(s.name(), ApiViews.wire(s).name());
        }
    }

    @Test
    void deliveryMethodsAreTheSameOnBothSides() {
        assertEquals(Arrays.asList(names(dev.keyport.delivery.DeliveryMethod.values())),
                Arrays.asList(names(dev.keyport.api.model.DeliveryMethod.values())));
        for (var d : dev.keyport.delivery.DeliveryMethod.values()) {
            assertEquals(d.name(), ApiViews.wire(d).name());
        }
    }

    /**
     * The open challenge is registered a moment before the stored status says so; a client reading the session in
     * between (on the previous event) must not see a question with the status of the step before it.
     */
    @Test
    void aStartWithAnOpenChallengeSaysItWaitsForThatChallenge() {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        FederatedSession starting = new FederatedSession("id-1", new SessionDefinition("dev", "dev", "eu-west-1",
                "https://acme.okta.com/home/amazon_aws/0oa1/272", "arn:aws:iam::123456789012:saml-provider/Okta",
                "arn:aws:iam::123456789012:role/Admin", "okta", 3600), SessionState.pending("signing in", at), at);
        Challenge password = new Challenge("c-1", Challenge.Kind.SECRET, "Okta password for alice", null, List.of(),
                null, null);

        assertEquals("waiting for your answer: Okta password for alice",
                ApiViews.session(starting, List.of(), false, Optional.of(password)).statusDetail());
        assertEquals("signing in", ApiViews.session(starting, List.of(), false, Optional.empty()).statusDetail());
    }
}
