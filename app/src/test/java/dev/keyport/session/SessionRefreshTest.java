package dev.keyport.session;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.browser.BrowserLogin;
import dev.keyport.browser.SignIn;
import dev.keyport.spi.SessionEvent;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testing.RecordingProvider;
import dev.keyport.testkit.SimpleSamlPhpIdpExtension;
import dev.keyport.writer.IniDocument;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refreshing active sessions through their login flow (the browser, against SimpleSAMLphp), with time moved by the
 * test: {@link SessionKeeper#check(Instant)} is asked "what is due at this instant?", so nothing waits for real.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class SessionRefreshTest {
    @Inject
    dev.keyport.plugin.ProviderEventRelay relay;

    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/SimpleSAMLphp";
    static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    static final String PASSWORD = "correct horse battery staple";

    /**
     * Started after Quarkus (static extensions come after @QuarkusTest's), so the test environment's emulator exists
     * and trusts the IdP before any test runs; closed after all of them.
     */
    @RegisterExtension
    static final SimpleSamlPhpIdpExtension simpleSamlPhp = SimpleSamlPhpIdpExtension
            .withUser("alice", PASSWORD, List.of(ADMIN + "," + PROVIDER), "alice@example.com")
            .trustedBy(() -> KeyportTestEnvironment.current().sts(), PROVIDER);

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();
    private final List<BrowserLogin.LoginWindow> windows = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription;

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
    BrowserLogin browserLogin;

    @Inject
    CredentialVault vault;

    @BeforeEach
    void reset() throws IOException {
        relay.drained().join(); // events of the previous test's clean-up first
        RecordingProvider.EVENTS.clear();
        env.sts().clearRecords();
        env.resetAwsFiles();
        browserLogin.forget(simpleSamlPhp.idp().loginUrl().toString());
        subscription = browserLogin.onLoginWindow(window -> {
            windows.add(window);
            SignIn.typeCredentials(window.page(), "alice", PASSWORD);
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        subscription.close();
        Api.deleteAllSessions();
    }

    /** Creates and starts a browser-flow session (the user signs in once); returns its state as the API shows it. */
    private JsonPath startedSession(String alias) {
        Map<String, Object> body = Api.session(alias, alias);
        body.put("samlUrl", simpleSamlPhp.idp().loginUrl().toString());
        body.put("idpArn", PROVIDER);
        body.put("roleArn", ADMIN);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        return Api.given().post("/api/v1/sessions/" + alias + "/start").then().statusCode(200)
                .body("status", equalTo("ACTIVE")).extract().jsonPath();
    }

    private SessionState state(String alias) {
        return sessions.find(alias).state();
    }

    private String accessKeyInProfile(String profile) throws IOException {
        return IniDocument.parse(Files.readString(env.credentialsFile())).findSection(profile)
                .flatMap(s -> s.property("aws_access_key_id")).orElse(null);
    }

    private long stsCalls() {
        return env.sts().requests().stream().filter(r -> "AssumeRoleWithSAML".equals(r.action())).count();
    }

    private List<SessionEvent.Kind> kinds(String alias) {
        relay.drained().join(); // providers get events on a thread of their own
        return RecordingProvider.EVENTS.stream().filter(e -> e.session().alias().equals(alias))
                .map(SessionEvent::kind).toList();
    }

    @Test
    void dueCredentialsAreRefreshedSilentlyAndTheProfileRewritten() throws Exception {
        startedSession("refresh-ok");
        SessionState before = state("refresh-ok");
        String firstKey = accessKeyInProfile("refresh-ok");
        assertNotNull(firstKey);

        Instant due = policy.refreshAt(before);
        assertEquals(before.expiresAt().minus(Duration.ofMinutes(20)), due, "default margin: 20 minutes");
        keeper.check(due.minusSeconds(1)).get();
        assertEquals(1, stsCalls(), "nothing is due a second before the refresh time");

        keeper.check(due).get();
        SessionState after = state("refresh-ok");
        assertEquals(SessionStatus.ACTIVE, after.status());
        assertEquals(2, stsCalls());
        assertEquals(1, windows.size(), "the refresh reuses the IdP's browser session: no window");
        String secondKey = accessKeyInProfile("refresh-ok");
        assertNotEquals(firstKey, secondKey, "the profile carries the new credentials");
        List<dev.keyport.testkit.StsEmulator.IssuedCredentials> issued = env.sts().issuedCredentials();
        assertEquals(issued.get(issued.size() - 1).accessKeyId(), secondKey, "the latest credentials STS issued");
        assertTrue(kinds("refresh-ok").contains(SessionEvent.Kind.ROTATED), kinds("refresh-ok").toString());
        assertEquals(0, after.refreshFailures());
    }

    @Test
    void aFailedRefreshIsRetriedWithBackoffAndTheProfileRemovedAtExpiry() throws Exception {
        startedSession("refresh-down");
        SessionState started = state("refresh-down");
        simpleSamlPhp.idp().stop();
        try {
            keeper.check(policy.refreshAt(started)).get();
            SessionState failedOnce = state("refresh-down");
            assertEquals(SessionStatus.ACTIVE, failedOnce.status(), "the old credentials still work");
            assertEquals(1, failedOnce.refreshFailures());
            assertTrue(failedOnce.lastError().contains("ERR_CONNECTION_REFUSED"), failedOnce.lastError());
            assertNotNull(failedOnce.retryAt());
            assertNotNull(accessKeyInProfile("refresh-down"), "the profile stays while the credentials are valid");

            keeper.check(failedOnce.retryAt().minusSeconds(1)).get();
            assertEquals(1, state("refresh-down").refreshFailures(), "no retry before its time");
            keeper.check(failedOnce.retryAt()).get();
            SessionState failedTwice = state("refresh-down");
            assertEquals(2, failedTwice.refreshFailures());
            Duration firstWait = Duration.between(failedOnce.updatedAt(), failedOnce.retryAt());
            Duration secondWait = Duration.between(failedTwice.updatedAt(), failedTwice.retryAt());
            assertEquals(firstWait.multipliedBy(2), secondWait, "the wait doubles");

            keeper.check(started.expiresAt()).get();
            SessionState expired = state("refresh-down");
            assertEquals(SessionStatus.EXPIRED, expired.status());
            assertTrue(expired.lastError().contains("ERR_CONNECTION_REFUSED"), "the reason is kept");
            assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
            List<SessionEvent.Kind> kinds = kinds("refresh-down");
            assertEquals(SessionEvent.Kind.EXPIRED, kinds.get(kinds.size() - 1), kinds.toString());
            assertEquals(2, kinds.stream().filter(k -> k == SessionEvent.Kind.FAILED).count(), kinds.toString());
        } finally {
            simpleSamlPhp.idp().start();
        }
    }

    @Test
    void aRefusedRefreshIsNotRetriedAndTheSessionFailsAtExpiry() throws Exception {
        startedSession("refresh-refused");
        SessionState started = state("refresh-refused");
        env.sts().failNext(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML");

        keeper.check(policy.refreshAt(started)).get();
        SessionState refused = state("refresh-refused");
        assertEquals(SessionStatus.ACTIVE, refused.status());
        assertNull(refused.retryAt(), "retrying a refusal cannot help");
        keeper.check(started.expiresAt().minusSeconds(1)).get();
        assertEquals(2, stsCalls(), "no further attempt");

        keeper.check(started.expiresAt()).get();
        Api.given().get("/api/v1/sessions/refresh-refused").then()
                .body("status", equalTo("FAILED"))
                .body("lastError", containsString("could not be refreshed"));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
    }

    @Test
    void rotateOnDemandRefreshesNowAndOnlyActiveSessionsCanBeRotated() throws IOException {
        startedSession("rotate-now");
        String firstKey = accessKeyInProfile("rotate-now");
        Api.given().post("/api/v1/sessions/rotate-now/refresh").then().statusCode(200).body("status", equalTo("ACTIVE"));
        String secondKey = accessKeyInProfile("rotate-now");
        assertNotEquals(firstKey, secondKey);
        // The route's older name does the same.
        Api.given().post("/api/v1/sessions/rotate-now/rotate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertNotEquals(secondKey, accessKeyInProfile("rotate-now"));
        Api.given().post("/api/v1/sessions/rotate-now/stop").then().statusCode(200);
        Api.given().post("/api/v1/sessions/rotate-now/rotate").then().statusCode(409)
                .body("detail", containsString("only an active session can be refreshed"));
    }

    @Test
    void concurrentCallersWithoutCredentialsShareOneSignIn() throws Exception {
        startedSession("refresh-shared");
        String id = sessions.find("refresh-shared").id();
        vault.remove(id); // as after a daemon restart: active, profile written, nothing in memory
        long before = stsCalls();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<dev.keyport.spi.AwsCredentials>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> starter.credentialsStartingIfNeeded("refresh-shared")));
            }
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (var call : calls) {
                keys.add(call.get().accessKeyId());
            }
            assertEquals(1, keys.size(), "every caller gets the same fresh credentials");
            assertEquals(before + 1, stsCalls(), "one sign-in and one STS call for all of them");
        } finally {
            pool.shutdownNow();
        }
    }
}
