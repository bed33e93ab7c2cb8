package dev.keyport.session;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.spi.SessionEvent;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testing.RecordingProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lifecycle events reach providers through the SPI, carry no secret, and expiry withdraws credentials. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class SessionEventsTest {
    @Inject
    dev.keyport.plugin.ProviderEventRelay relay;

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @Inject
    SessionCatalogue sessions;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    SessionStarter starter;

    @BeforeEach
    void reset() throws Exception {
        relay.drained().join(); // events of the previous test's clean-up first
        RecordingProvider.EVENTS.clear();
        Files.writeString(env.credentialsFile(), KeyportTestEnvironment.FOREIGN_CREDENTIALS);
        Files.writeString(env.configFile(), KeyportTestEnvironment.FOREIGN_CONFIG);
    }

    @AfterEach
    void cleanUp() {
        env.sts().clock(Clock.systemUTC());
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    private List<SessionEvent.Kind> kinds(String sessionId) {
        relay.drained().join();
        return RecordingProvider.EVENTS.stream().filter(e -> e.session().id().equals(sessionId))
                .map(SessionEvent::kind).toList();
    }

    @Test
    void providersSeeTheWholeLifecycleWithoutSecrets() {
        String id = Api.create("events", "events");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/events/start").then().statusCode(200);
        Api.given().post("/api/v1/sessions/events/stop").then().statusCode(200);
        Api.given().delete("/api/v1/sessions/events").then().statusCode(204);

        assertEquals(List.of(SessionEvent.Kind.STARTING, SessionEvent.Kind.STARTED, SessionEvent.Kind.STOPPED,
                SessionEvent.Kind.DELETED), kinds(id));
        SessionEvent started = RecordingProvider.EVENTS.get(1);
        assertEquals("events", started.session().profileName());
        assertEquals(KeyportTestEnvironment.ROLE_ARN, started.session().roleArn());
        assertNotNull(started.credentialsExpireAt());
        String secret = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1).secretAccessKey();
        RecordingProvider.EVENTS.forEach(e -> assertFalse(e.toString().contains(secret), "event leaks the secret"));
    }

    @Test
    void aFailedStartIsAnnouncedWithItsReason() {
        String id = Api.create("failing", "failing");
        Api.given().body(Api.start(env.samlResponseFor("arn:aws:iam::123456789012:role/NotThisOne")))
                .post("/api/v1/sessions/failing/start").then().statusCode(400);
        assertEquals(List.of(SessionEvent.Kind.STARTING, SessionEvent.Kind.FAILED), kinds(id));
        SessionEvent failed = RecordingProvider.EVENTS.get(1);
        assertNotNull(failed.detail());
        assertNull(failed.credentialsExpireAt());
    }

    @Test
    void expiredCredentialsAreWithdrawn() throws Exception {
        // The emulator issues credentials that are already past their expiry, as if the daemon had slept.
        env.sts().clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
        String id = Api.create("expiring", "expiring");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/expiring/start").then().statusCode(200);
        Instant expiresAt = sessions.find(id).state().expiresAt();

        lifecycle.expireIfDue(id, expiresAt); // the timer may have done it already: idempotent either way

        Api.given().get("/api/v1/sessions/expiring").then().body("status", equalTo("EXPIRED"));
        Api.given().get("/api/v1/sessions/expiring/credentials").then().statusCode(409);
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        assertEquals(List.of(SessionEvent.Kind.STARTING, SessionEvent.Kind.STARTED, SessionEvent.Kind.EXPIRED), kinds(id));
    }
}
