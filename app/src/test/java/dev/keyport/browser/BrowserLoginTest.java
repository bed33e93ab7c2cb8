package dev.keyport.browser;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.spi.SessionEvent;
import dev.keyport.testing.CliRunner;
import dev.keyport.testing.Api;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testing.PluginJars;
import dev.keyport.testing.RecordingProvider;
import dev.keyport.testkit.SimpleSamlPhpIdp;
import dev.keyport.testkit.SimpleSamlPhpIdpExtension;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in through Debian's Chromium against a real SAML IdP (SimpleSAMLphp on loopback): the first start shows the
 * sign-in page, the test types into it over the DevTools protocol, and later starts are silent.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class BrowserLoginTest {
    @Inject
    dev.keyport.plugin.ProviderEventRelay relay;

    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/SimpleSAMLphp";
    static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    static final String READ_ONLY = "arn:aws:iam::123456789012:role/ReadOnly";
    static final String PASSWORD = "correct horse battery staple";
    /** SimpleSAMLphp's sign-in form, given per session (the generic provider's patterns do not know it). */
    static final String SIGN_IN_PAGE = "/simplesaml/module\\.php/core/loginuserpass\\.php";

    /**
     * Started after Quarkus (static extensions come after @QuarkusTest's), so the test environment's emulator exists
     * and trusts the IdP before any test runs; closed after all of them.
     */
    @RegisterExtension
    static final SimpleSamlPhpIdpExtension simpleSamlPhp = SimpleSamlPhpIdpExtension
            .withUser("alice", PASSWORD, List.of(ADMIN + "," + PROVIDER, READ_ONLY + "," + PROVIDER),
                    "alice@example.com")
            .trustedBy(() -> KeyportTestEnvironment.current().sts(), PROVIDER);

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();
    private final List<BrowserLogin.LoginWindow> windows = new CopyOnWriteArrayList<>();
    private Runnable unsubscribe = () -> { };

    @Inject
    BrowserLogin browserLogin;

    @Inject
    BrowserProfiles profiles;

    @TestHTTPResource("/")
    java.net.URL daemon;

    @TempDir
    Path cliHome;

    @BeforeEach
    void reset() throws IOException {
        relay.drained().join(); // events of the previous test's clean-up first
        RecordingProvider.EVENTS.clear();
        env.sts().clearRecords();
        env.resetAwsFiles();
        browserLogin.forget(simpleSamlPhp.idp().loginUrl().toString());
    }

    @AfterEach
    void cleanUp() {
        unsubscribe.run();
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    private String createSession(String alias, String role) {
        Map<String, Object> body = Api.session(alias, alias);
        body.put("samlUrl", simpleSamlPhp.idp().loginUrl().toString());
        body.put("idpArn", PROVIDER);
        body.put("roleArn", role);
        body.put("loginPagePatterns", List.of(SIGN_IN_PAGE));
        // generic, so that the session's own pattern is what recognises the sign-in page, not the sample plugin's
        body.put("providerId", "generic");
        return Api.given().body(body).post("/api/v1/sessions").then().statusCode(201).extract().path("id");
    }

    /** What the user does in the window: records it, then acts (types the password, or closes the window). */
    private void whenTheWindowOpens(Consumer<BrowserLogin.LoginWindow> user) {
        unsubscribe = browserLogin.onLoginWindow(window -> {
            windows.add(window);
            user.accept(window);
        })::close;
    }

    /** Types the credentials into SimpleSAMLphp's form and submits it, as a person would. */
    static void signIn(BrowserLogin.LoginWindow window) {
        SignIn.typeCredentials(window.page(), "alice", PASSWORD);
    }

    private List<SessionEvent> events(String sessionId) {
        relay.drained().join();
        return RecordingProvider.EVENTS.stream().filter(e -> e.session().id().equals(sessionId)).toList();
    }

    @Test
    void firstStartShowsTheSignInPageAndLaterStartsAreSilent() throws Exception {
        String id = createSession("browser-admin", ADMIN);
        List<JsonPath> seenWhileWaiting = new CopyOnWriteArrayList<>();
        whenTheWindowOpens(window -> {
            seenWhileWaiting.add(Api.given().get("/api/v1/sessions/" + id).then().extract().jsonPath());
            signIn(window);
        });

        Api.given().post("/api/v1/sessions/browser-admin/start").then().statusCode(200).body("status", equalTo("ACTIVE"));

        assertEquals(1, windows.size(), "the sign-in page must be shown once");
        assertEquals(BrowserLogin.LoginWindow.SIGN_IN_PAGE, windows.get(0).trigger(),
                "the switch must come from recognising the sign-in page, not from the background timeout");
        assertEquals("PENDING", seenWhileWaiting.get(0).getString("status"));
        assertEquals(BrowserLogin.WAITING_FOR_USER, seenWhileWaiting.get(0).getString("statusDetail"));
        assertTrue(events(id).stream().anyMatch(e -> e.kind() == SessionEvent.Kind.STARTING
                && BrowserLogin.WAITING_FOR_USER.equals(e.detail())), "the wait must be on the event stream");
        StsEmulator.ReceivedRequest sent = env.sts().requests().get(0);
        assertEquals(ADMIN, sent.roleArn());
        assertEquals(PROVIDER, sent.principalArn());

        AwsCli.Result identity = AwsCli.run(cliHome, env.credentialsFile(), env.configFile(), "sts",
                "get-caller-identity", "--profile", "browser-admin", "--endpoint-url", env.sts().endpoint().toString(),
                "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertTrue(identity.stdout().contains("assumed-role/Admin/alice@example.com"), identity.stdout());

        // Second start, new browser on the same profile: the IdP still knows alice, nothing is shown.
        Api.given().post("/api/v1/sessions/browser-admin/stop").then().statusCode(200);
        Api.given().post("/api/v1/sessions/browser-admin/start").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(1, windows.size(), "a refresh with a live IdP session must be silent");
        assertEquals(2, env.sts().requests().stream().filter(r -> "AssumeRoleWithSAML".equals(r.action())).count());
    }

    @Test
    void theCliShowsWhatAStartWaitsForAndEndsWithTheExpiry() {
        createSession("browser-cli", ADMIN);
        whenTheWindowOpens(BrowserLoginTest::signIn);
        CliRunner.Run run = new CliRunner(env.home()).run("session", "start", "browser-cli");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("  " + BrowserLogin.WAITING_FOR_USER), "progress: " + run.err());
        assertTrue(run.out().contains("Session 'browser-cli' is active on profile browser-cli; credentials expire at"),
                run.out());
    }

    @Test
    void theSessionsOwnRoleIsSentWhenTheUserHasSeveral() {
        createSession("browser-readonly", READ_ONLY);
        whenTheWindowOpens(BrowserLoginTest::signIn);
        Api.given().post("/api/v1/sessions/browser-readonly/start").then().statusCode(200);
        StsEmulator.ReceivedRequest sent = env.sts().requests().get(0);
        assertEquals(READ_ONLY, sent.roleArn());
        assertEquals(PROVIDER, sent.principalArn());
    }

    @Test
    void closingTheWindowCancelsTheLoginAndLeavesNoBrowserBehind() throws IOException {
        createSession("browser-cancel", ADMIN);
        whenTheWindowOpens(window -> window.page().close());
        Api.given().post("/api/v1/sessions/browser-cancel/start").then().statusCode(409)
                .body("detail", containsString("Login cancelled"));
        Api.given().get("/api/v1/sessions/browser-cancel").then().body("status", equalTo("FAILED"));
        assertEquals(1, windows.size());
        assertEquals(List.of(), browsersUsing(profiles.profileFor(simpleSamlPhp.idp().loginUrl().toString())));
        assertEquals(0, env.sts().requests().size());
    }

    @Test
    void stoppingASessionThatWaitsForTheSignInCallsTheStartOffAndClosesTheWindow() throws Exception {
        createSession("browser-stopped", ADMIN);
        java.util.concurrent.CompletableFuture<JsonPath> stop = new java.util.concurrent.CompletableFuture<>();
        // The person changes their mind while the sign-in page is up: keyport session stop from another terminal.
        whenTheWindowOpens(window -> java.util.concurrent.CompletableFuture.runAsync(() -> stop.complete(
                Api.given().post("/api/v1/sessions/browser-stopped/stop").then().statusCode(200).extract()
                        .jsonPath())));
        Api.given().post("/api/v1/sessions/browser-stopped/start").then().statusCode(409)
                .body("detail", containsString("was stopped while it was starting"));
        JsonPath stopped = stop.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("INACTIVE", stopped.getString("status"));
        assertEquals(List.of("called off the start under way"), stopped.getList("withdrawn"));
        Api.given().get("/api/v1/sessions/browser-stopped").then().body("status", equalTo("INACTIVE"));
        assertEquals(0, env.sts().requests().size(), "nothing reached STS");
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(List.of(), browsersUsing(profiles.profileFor(simpleSamlPhp.idp().loginUrl().toString())));
    }

    @Test
    void aSignInWhoseClientWentAwayIsCalledOffAndItsBrowserClosed() throws Exception {
        String url = simpleSamlPhp.idp().loginUrl().toString();
        java.util.concurrent.CompletableFuture<Void> windowShown = new java.util.concurrent.CompletableFuture<>();
        whenTheWindowOpens(window -> windowShown.complete(null));
        // keyport login, killed while the IdP waits for the person: its connection closes.
        String body = "{\"samlUrl\": \"" + url + "\"}";
        try (java.net.Socket client = new java.net.Socket(daemon.getHost(), daemon.getPort())) {
            client.getOutputStream().write(("POST /api/v1/assertions/sign-in HTTP/1.1\r\nHost: " + daemon.getHost()
                    + ":" + daemon.getPort() + "\r\nAuthorization: Bearer " + env.apiToken() + "\r\nContent-Type:"
                    + " application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            windowShown.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        browserLogin.awaitIdle(url); // returns once the login has ended and its browser is closed
        assertEquals(List.of(), browsersUsing(profiles.profileFor(url)));
    }

    @Test
    void anAssertionPostedToAProxyIsCapturedThroughTheSessionsOwnPattern() {
        // Like Defender for Cloud Apps rewriting the ACS: the IdP posts to a host that is not an AWS sign-in host.
        String proxyAcs = "https://aws-proxy.example.com/saml";
        try (SimpleSamlPhpIdp proxied = SimpleSamlPhpIdp.builder()
                .user("alice", PASSWORD, List.of(ADMIN + "," + PROVIDER), "alice@example.com").acs(proxyAcs).start()) {
            proxied.trustedBy(env.sts(), PROVIDER);
            Map<String, Object> body = Api.session("browser-proxy", "browser-proxy");
            body.put("samlUrl", proxied.loginUrl().toString());
            body.put("idpArn", PROVIDER);
            body.put("roleArn", ADMIN);
            body.put("loginPagePatterns", List.of(SIGN_IN_PAGE));
            body.put("assertionConsumerPatterns", List.of("https://aws-proxy.example.com/*"));
            Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
            whenTheWindowOpens(BrowserLoginTest::signIn);

            Api.given().post("/api/v1/sessions/browser-proxy/start").then().statusCode(200)
                    .body("status", equalTo("ACTIVE"));
            assertEquals(1, env.sts().requests().size());
        } finally {
            simpleSamlPhp.idp().trustedBy(env.sts(), PROVIDER);
        }
    }

    @Test
    void theSamplePluginIsChosenForSimpleSamlPhpAndServesASessionThroughTheBrowserFlow() {
        // No providerId and no patterns: the dropped-in sample recognises the URL and knows the sign-in page.
        Map<String, Object> body = Api.session("browser-plugin", "browser-plugin");
        body.put("samlUrl", simpleSamlPhp.idp().loginUrl().toString());
        body.put("idpArn", PROVIDER);
        body.put("roleArn", ADMIN);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201)
                .body("providerId", equalTo(PluginJars.EXAMPLE_ID));
        whenTheWindowOpens(BrowserLoginTest::signIn);

        Api.given().post("/api/v1/sessions/browser-plugin/start").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(BrowserLogin.LoginWindow.SIGN_IN_PAGE, windows.get(0).trigger(),
                "the plugin's sign-in page pattern must be the one that switched");
    }

    @Test
    void aProvidersPatternsFromConfigurationApplyToItsSessions() {
        Map<String, Object> body = Api.session("browser-configured", "browser-configured");
        body.put("samlUrl", simpleSamlPhp.idp().loginUrl().toString());
        body.put("idpArn", PROVIDER);
        body.put("roleArn", ADMIN);
        body.put("providerId", "onelogin"); // keyport.browser.providers.onelogin.login-page-patterns (test config)
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        whenTheWindowOpens(BrowserLoginTest::signIn);

        Api.given().post("/api/v1/sessions/browser-configured/start").then().statusCode(200);
        assertEquals(BrowserLogin.LoginWindow.SIGN_IN_PAGE, windows.get(0).trigger());
    }

    @Test
    void anIdpThatIsDownGivesAClearErrorAndLeavesNoBrowserBehind() throws IOException {
        createSession("browser-down", ADMIN);
        simpleSamlPhp.idp().stop();
        try {
            Api.given().post("/api/v1/sessions/browser-down/start").then().statusCode(503)
                    .body("detail", allOf(containsString("Could not open the IdP's sign-in page"),
                            containsString("ERR_CONNECTION_REFUSED")));
        } finally {
            simpleSamlPhp.idp().start();
        }
        assertEquals(List.of(), windows);
        assertEquals(List.of(), browsersUsing(profiles.profileFor(simpleSamlPhp.idp().loginUrl().toString())));
    }

    @Test
    void logoutForgetsTheIdpSignIn() {
        createSession("browser-logout", ADMIN);
        whenTheWindowOpens(BrowserLoginTest::signIn);
        Api.given().post("/api/v1/sessions/browser-logout/start").then().statusCode(200);
        Api.given().post("/api/v1/sessions/browser-logout/stop").then().statusCode(200);
        Api.given().post("/api/v1/sessions/browser-logout/logout").then().statusCode(200);
        Api.given().post("/api/v1/sessions/browser-logout/start").then().statusCode(200);
        assertEquals(2, windows.size(), "after logout the IdP must ask again");
    }

    /** Processes whose command line names this profile folder: browsers (and helpers) still running on it. */
    static List<Long> browsersUsing(Path profile) throws IOException {
        String needle = profile.toString();
        List<Long> pids = new java.util.ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path dir : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(needle)) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return pids;
    }
}
