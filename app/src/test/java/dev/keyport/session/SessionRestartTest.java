package dev.keyport.session;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a daemon start and stop do to sessions. A restart is simulated where it matters: the in-memory credentials are
 * dropped and the start-up reconciliation runs, against the sessions.json and AWS files the last run left.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class SessionRestartTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @Inject
    SessionCatalogue sessions;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    SessionStarter starter;

    @Inject
    SessionKeeper keeper;

    @Inject
    RefreshPolicy policy;

    @Inject
    SessionStore store;

    @Inject
    CredentialVault vault;

    @BeforeEach
    void reset() throws IOException {
        env.resetAwsFiles();
    }

    @AfterEach
    void deleteSessions() {
        Api.deleteAllSessions();
    }

    @Test
    void validSessionsStayActiveWithTheirProfileAndExpiredOnesAreCleaned() throws IOException {
        String valid = Api.started("restart-valid");
        String validKey = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1).accessKeyId();
        String stale = Api.started("restart-stale");
        Instant staleExpiry = sessions.find(stale).state().expiresAt();
        vault.remove(valid);
        vault.remove(stale);

        lifecycle.reconcile();
        keeper.check(Instant.now()).join();
        assertEquals(SessionStatus.ACTIVE, sessions.find(valid).status());
        assertTrue(Files.readString(env.credentialsFile()).contains("[restart-valid]"), "the profile stays");
        // What the last run wrote is taken back: credential_process works at once, without a sign-in.
        int stsCalls = env.sts().requests().size();
        Api.given().get("/api/v1/sessions/restart-valid/credentials?start=true").then().statusCode(200)
                .body("AccessKeyId", equalTo(validKey));
        assertEquals(stsCalls, env.sts().requests().size());

        // The stale one's credentials ran out while the daemon was down: the first check withdraws them.
        keeper.check(staleExpiry).join();
        assertEquals(SessionStatus.EXPIRED, sessions.find(stale).status());
        String credentials = Files.readString(env.credentialsFile());
        assertTrue(!credentials.contains("[restart-stale]"), credentials);
    }

    @Test
    void aCredentialProcessSessionAfterARestartSaysItsNextUseSignsIn() {
        Map<String, Object> body = Api.session("restart-process", "restart-process");
        body.put("delivery", "CREDENTIAL_PROCESS");
        String id = Api.given().body(body).post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/restart-process/start").then().statusCode(200)
                .body("expiresAt", notNullValue()).body("statusDetail", nullValue());
        vault.remove(id); // what a restart does: credential_process credentials lived in memory only
        lifecycle.reconcile();

        for (String path : new String[]{"/api/v1/sessions/restart-process", "/api/v1/sessions"}) {
            String prefix = path.endsWith("sessions") ? "find { it.alias == 'restart-process' }." : "";
            Api.given().get(path).then().statusCode(200)
                    .body(prefix + "status", equalTo("ACTIVE"))
                    .body(prefix + "expiresAt", nullValue())
                    .body(prefix + "statusDetail", containsString("the next use of profile restart-process signs in"
                            + " again"));
        }
    }

    @Test
    void credentialsNotAsWrittenAreNotTakenBack() throws IOException {
        String id = Api.started("restart-edited");
        vault.remove(id);
        // Someone replaced the keys in the section (same marker): they are not what this session delivered.
        String edited = Files.readString(env.credentialsFile()).replaceAll("x_security_token_expires = \\S+",
                "x_security_token_expires = 2031-01-01T00:00:00Z");
        Files.writeString(env.credentialsFile(), edited);
        lifecycle.reconcile();
        Api.given().get("/api/v1/sessions/restart-edited/credentials").then().statusCode(409)
                .body("detail", containsString("kept its credentials in memory only"));
    }

    @Test
    void aStartCutShortByTheStopFailsWithTheReason() {
        String id = Api.create("restart-pending", "restart-pending");
        store.update(id, s -> s.withState(SessionState.pending(Instant.now())));
        lifecycle.reconcile();
        SessionState state = sessions.find(id).state();
        assertEquals(SessionStatus.FAILED, state.status());
        assertTrue(state.lastError().contains("The daemon stopped while this session was starting"), state.lastError());
    }

    @Test
    void aStopCutShortByACrashIsFinishedAtTheNextStart() throws IOException {
        // The daemon recorded the stop, then was killed before the writer removed the profile.
        String id = Api.started("restart-stopped");
        Map<String, Object> start = Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        start.put("replaceProfile", true);
        Api.create("restart-replaced", "personal");
        Api.given().body(start).post("/api/v1/sessions/restart-replaced/start").then().statusCode(200);
        String replaced = sessions.find("restart-replaced").id();
        for (String stopped : List.of(id, replaced)) {
            vault.remove(stopped);
            store.update(stopped, x -> x.withState(SessionState.inactive(Instant.now())));
        }
        assertTrue(Files.readString(env.credentialsFile()).contains("[restart-stopped]"));

        lifecycle.reconcile();
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()),
                "the stopped session's keys are gone and the user's own [personal] is back");
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
    }

    @Test
    void withdrawingOnShutdownRemovesEveryProfileKeyportWrote() throws IOException {
        Api.started("restart-withdraw-a");
        Api.started("restart-withdraw-b");
        lifecycle.withdrawAll();
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        assertEquals(SessionStatus.INACTIVE, sessions.find("restart-withdraw-a").status());
    }
}
