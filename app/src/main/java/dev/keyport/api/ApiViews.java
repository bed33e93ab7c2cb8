package dev.keyport.api;

import dev.keyport.api.model.AssertionReport;
import dev.keyport.api.model.ChallengeView;
import dev.keyport.api.model.CredentialProcessOutput;
import dev.keyport.api.model.ProviderView;
import dev.keyport.api.model.SessionEventView;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionSuggestion;
import dev.keyport.api.model.SessionView;
import dev.keyport.assertion.RolePair;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReading;
import dev.keyport.aws.Arn;
import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.login.Challenge;
import dev.keyport.login.LoginFlow;
import dev.keyport.plugin.ProviderInfo;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionDefinition;
import dev.keyport.session.SessionDiscovery;
import dev.keyport.session.SessionState;
import dev.keyport.session.SessionStatus;
import dev.keyport.session.StopResult;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one place the domain meets the API's wire types (module api-model, shared with the CLI): each domain value
 * becomes the record the API answers with, and a request becomes a domain value. The wire enums are the API's own
 * (renaming a state in the code must not rename it for clients); they map by name, and a test checks both sides
 * list the same names.
 */
final class ApiViews {
    private ApiViews() {
    }

    /**
     * @param deliveredTo     what the delivery channels say of the session (shown only while it is active)
     * @param notHeldAnyMore  active with credential_process delivery, but this daemon run holds no credentials for it
     *                        (they lived in an earlier run's memory): shown without an expiry, and saying that its
     *                        next use signs in again
     */
    static SessionView session(FederatedSession session, List<String> deliveredTo, boolean notHeldAnyMore,
                               Optional<Challenge> challenge) {
        if (!notHeldAnyMore) {
            return session(session, deliveredTo, null, challenge);
        }
        SessionState s = session.state();
        String detail = "The daemon restarted and its credentials were in the earlier run's memory only: the next use"
                + " of profile " + session.definition().profileName() + " signs in again (or refresh it now).";
        return session(session.withState(s.withoutCredentials(detail)), deliveredTo, null, challenge);
    }

    /** The view of a stopped session, with what the stop withdrew. */
    static SessionView stopped(StopResult result) {
        return session(result.session(), List.of(), result.withdrawn(), Optional.empty());
    }

    private static SessionView session(FederatedSession session, List<String> deliveredTo, List<String> withdrawn,
                                       Optional<Challenge> challenge) {
        SessionDefinition d = session.definition();
        SessionState s = session.state();
        // The open challenge and the stored status are two sources, updated one after the other; while a start waits
        // for an answer the challenge is the truth, so a client reading between the two sees one consistent story.
        String detail = challenge.filter(c -> s.status() == SessionStatus.PENDING).map(Challenge::waitingFor)
                .orElse(s.statusDetail());
        return new SessionView(session.id(), d.alias(), d.profileName(), d.region(), d.samlUrl(), d.idpArn(),
                d.roleArn(), d.providerId(), d.providerReason(), d.providerChosen(), d.durationSeconds(),
                d.loginPagePatterns(),
                d.assertionConsumerPatterns(), wire(d.delivery()), d.parentSession(), wire(s.status()),
                s.expiresAt(), s.durationSeconds(), s.lastError(), detail, s.warnings(),
                s.refreshFailures(), s.retryAt(), s.identityArn(), session.createdAt(), s.updatedAt(),
                s.status() == SessionStatus.ACTIVE ? deliveredTo : List.of(), withdrawn,
                dev.keyport.api.model.LoginFlow.valueOf(d.loginFlow().name()), d.username(),
                challenge.map(ApiViews::challenge).orElse(null));
    }

    static ChallengeView challenge(Challenge c) {
        return new ChallengeView(c.id(), c.kind().name(), c.prompt(), c.suggestion(), c.choices(), c.number(),
                c.note());
    }

    static SessionDefinition definition(SessionRequest r) {
        return new SessionDefinition(r.alias(), r.profileName(), r.region(), r.samlUrl(), r.idpArn(), r.roleArn(),
                r.providerId(), r.durationSeconds(), r.loginPagePatterns(), r.assertionConsumerPatterns(),
                r.delivery() == null ? null : DeliveryMethod.valueOf(r.delivery().name()), r.parentSession(), null,
                r.loginFlow() == null ? null : LoginFlow.valueOf(r.loginFlow().name()), r.username());
    }

    static SessionSuggestion suggestion(SessionDiscovery.Suggestion suggestion) {
        SessionDefinition d = suggestion.definition();
        return new SessionSuggestion(d.alias(), d.profileName(), d.region(), d.samlUrl(), d.idpArn(), d.roleArn(),
                suggestion.existingSession());
    }

    static AssertionReport report(SamlAssertionReading reading, Optional<IdpProvider> provider, Instant now) {
        SamlAssertion a = reading.assertion();
        boolean valid = !a.encrypted()
                && a.notBefore().map(nb -> !now.isBefore(nb)).orElse(true)
                && a.notOnOrAfter().map(now::isBefore).orElse(true);
        return new AssertionReport(a.issuer(), provider.map(IdpProvider::id).orElse(null),
                provider.map(IdpProvider::displayName).orElse(null), a.destination().orElse(null),
                a.recipient().orElse(null), a.audiences(),
                a.acsEndpoint().map(e -> e.partition().id()).orElse(null),
                a.acsEndpoint().flatMap(e -> e.region()).orElse(null),
                a.notBefore().orElse(null), a.notOnOrAfter().orElse(null), valid, a.roleSessionName().orElse(null),
                a.sessionDuration().isPresent() ? a.sessionDuration().getAsInt() : null,
                a.sessionNotOnOrAfter().orElse(null), a.encrypted(), reading.signature(),
                a.rolePairs().stream().map(ApiViews::role).toList(), reading.notes());
    }

    private static AssertionReport.Role role(RolePair pair) {
        String account = null;
        String name = null;
        try {
            Arn role = Arn.parse(pair.roleArn());
            account = role.accountId();
            name = role.resource().substring(role.resource().lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            // shown as read; STS would refuse it, and the start's checks say so
        }
        return new AssertionReport.Role(pair.roleArn(), pair.idpArn(), pair.idpArn(), account, name);
    }

    static CredentialProcessOutput credentials(AwsCredentials c) {
        return new CredentialProcessOutput(1, c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    static SessionEventView event(SessionEvent e) {
        return new SessionEventView(e.kind().name(), e.session().id(), e.session().alias(), e.session().profileName(),
                e.occurredAt(), e.credentialsExpireAt(), e.detail());
    }

    static ProviderView provider(ProviderInfo p, boolean headlessLogin) {
        return new ProviderView(p.id(), p.displayName(), p.source(), p.version(), p.spiVersion(), p.loaded(),
                p.problem(), p.loaded() ? headlessLogin : null);
    }

    static dev.keyport.api.model.SessionStatus wire(SessionStatus status) {
        return status == null ? null : dev.keyport.api.model.SessionStatus.valueOf(status.name());
    }

    static dev.keyport.api.model.DeliveryMethod wire(DeliveryMethod delivery) {
        return delivery == null ? null : dev.keyport.api.model.DeliveryMethod.valueOf(delivery.name());
    }
}
