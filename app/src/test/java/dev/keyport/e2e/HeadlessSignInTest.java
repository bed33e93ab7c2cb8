package dev.keyport.e2e;

import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.Api;
import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testkit.EmulatedUsers;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testkit.OneLoginEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.keyport.testkit.EmulatedUsers.PASSWORD;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless sign-in end to end: sessions whose login flow is HEADLESS sign in through the test kit's Okta and OneLogin
 * API emulators, the person answering over REST (the session's challenge) or on the CLI's terminal (the packaged CLI
 * as a child process, its stdin the person), and the real AWS CLI uses the profile that comes of it.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class HeadlessSignInTest extends CliTestSupport {

    @TestHTTPResource("/api/v1/events")
    URI events;

    @TempDir
    Path cliHome;

    private static Map<String, Object> oktaSession(String alias, String user) {
        Map<String, Object> body = Api.session(alias, alias);
        body.put("samlUrl", KeyportTestEnvironment.current().idpApis().okta().embedLink(KeyportTestEnvironment.OKTA_APP));
        body.put("idpArn", KeyportTestEnvironment.API_IDP_ARN);
        body.put("providerId", "okta");
        body.put("loginFlow", "HEADLESS");
        body.put("username", user);
        return body;
    }

    private static Map<String, Object> oneLoginSession(String alias, String user) {
        Map<String, Object> body = oktaSession(alias, user);
        body.put("samlUrl", KeyportTestEnvironment.current().idpApis().oneLogin()
                .launchUrl(KeyportTestEnvironment.ONELOGIN_APP));
        body.put("providerId", "onelogin");
        return body;
    }

    @Test
    void aRestClientAnswersTheChallengesOfAnOktaTotpSignInAndTheAwsCliUsesTheProfile() throws Exception {
        Api.given().body(oktaSession("okta-totp", "totp")).post("/api/v1/sessions").then().statusCode(201)
                .body("loginFlow", equalTo("HEADLESS")).body("username", equalTo("totp"));
        try (EventReader stream = new EventReader(events, env.apiToken())) {
            CompletableFuture<JsonPath> started = CompletableFuture.supplyAsync(() -> Api.given()
                    .post("/api/v1/sessions/okta-totp/start").then().extract().jsonPath());

            JsonPath password = stream.nextChallenge("okta-totp");
            assertEquals("SECRET", password.getString("challenge.kind"));
            String prompt = "Okta password for totp at " + env.idpApis().endpoint().getRawAuthority();
            assertEquals(prompt, password.getString("challenge.prompt"), "the prompt says where the password goes");
            assertEquals("PENDING", password.getString("status"));
            assertEquals("waiting for your answer: " + prompt, password.getString("statusDetail"));
            // An answer naming another challenge changes nothing.
            Api.given().body(Map.of("challengeId", "not-this-one", "text", PASSWORD))
                    .post("/api/v1/sessions/okta-totp/challenge").then().statusCode(409)
                    .body("detail", containsString("now asks \"" + prompt + "\""));
            answer("okta-totp", password, PASSWORD);

            JsonPath code = stream.nextChallenge("okta-totp");
            assertEquals("Code from Google Authenticator", code.getString("challenge.prompt"));
            answer("okta-totp", code, "000000");
            JsonPath again = stream.nextChallenge("okta-totp");
            assertEquals("Code from Google Authenticator", again.getString("challenge.prompt"));
            assertTrue(again.getString("challenge.note").contains("Okta refused that code"), again.prettify());
            answer("okta-totp", again, EmulatedUsers.TOTP_CODE);

            JsonPath result = started.get(60, TimeUnit.SECONDS);
            assertEquals("ACTIVE", result.getString("status"), result.prettify());
            assertNull(result.get("challenge"), "nothing is asked any more");
        }
        assertCallerIdentity("okta-totp");

        // A refresh re-uses the Okta session: nothing is asked, the password is not checked again.
        int checks = env.idpApis().okta().passwordChecks("totp");
        Api.given().post("/api/v1/sessions/okta-totp/refresh").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(checks, env.idpApis().okta().passwordChecks("totp"));
        Api.given().post("/api/v1/sessions/okta-totp/challenge").then().statusCode(400);
        Api.given().body(Map.of("challengeId", "x", "text", "y")).post("/api/v1/sessions/okta-totp/challenge")
                .then().statusCode(409).body("detail", containsString("waits for no answer now"));
        assertNoSecretWritten();
    }

    @Test
    void theCliAsksOnTheTerminalShowsTheNumberToTapAndRefreshesSilently() throws Exception {
        Api.given().body(oktaSession("okta-push", "push")).post("/api/v1/sessions").then().statusCode(201);
        int pushes = env.idpApis().okta().pushesSent("push");
        CliProcess start = cliProcess(PASSWORD + "\n", "session", "start", "okta-push");
        assertEquals(0, start.exitCode(), start.err());
        assertTrue(start.err().contains("Okta password for push at " + env.idpApis().endpoint().getRawAuthority() + ": "), start.err());
        assertTrue(start.err().contains("Approve the Okta Verify push on your phone") && start.err().contains("tap 42"),
                start.err());
        assertFalse(start.err().contains(PASSWORD), "the password is not echoed back");
        assertEquals(1, env.idpApis().okta().pushesSent("push") - pushes, "exactly one push");
        assertTrue(start.out().contains("Session 'okta-push' is active on profile okta-push"), start.out());
        assertCallerIdentity("okta-push");

        CliProcess refresh = cliProcess("", "session", "refresh", "okta-push");
        assertEquals(0, refresh.exitCode(), refresh.err());
        assertFalse(refresh.err().contains("password"), "the Okta session is re-used: " + refresh.err());
        assertEquals(1, env.idpApis().okta().pushesSent("push") - pushes, "a refresh sends no push");
    }

    @Test
    void onARealTerminalThePasswordIsNotEchoed() throws Exception {
        Api.given().body(oktaSession("okta-tty", "alice")).post("/api/v1/sessions").then().statusCode(201);
        assertTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) gives the CLI a terminal");
        // script(1) runs the CLI on a pseudo-terminal: what the terminal echoes comes back in its output.
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", KeyportTestEnvironment.cliCommand()
                + " session start okta-tty", "/dev/null").redirectErrorStream(true);
        pb.environment().put("KEYPORT_HOME", env.home().toString());
        Process p = pb.start();
        StringBuffer screen = new StringBuffer();
        CompletableFuture<Void> prompted = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                byte[] buffer = new byte[4096];
                for (int n = p.getInputStream().read(buffer); n >= 0; n = p.getInputStream().read(buffer)) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (screen.indexOf("Okta password for alice at " + env.idpApis().endpoint().getRawAuthority() + ": ") >= 0) {
                        prompted.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                // the terminal closed
            } finally {
                prompted.complete(null);
            }
        }, "terminal-screen");
        reader.start();
        prompted.get(120, TimeUnit.SECONDS);
        assertTrue(screen.indexOf("Okta password for alice at " + env.idpApis().endpoint().getRawAuthority() + ": ") >= 0, screen.toString());
        // Typed only once the prompt is there, as a person would: the terminal's echo is off by then.
        p.getOutputStream().write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), screen.toString());
        reader.join(10_000);
        p.getOutputStream().close();
        assertEquals(0, p.exitValue(), screen.toString());
        assertTrue(screen.indexOf("Session 'okta-tty' is active on profile okta-tty") >= 0, screen.toString());
        assertFalse(screen.toString().contains(PASSWORD), "the password was echoed: " + screen);
    }

    @Test
    void oneLoginOnTheTerminalReusesItsApiTokenAndAsksThePasswordAgainOnRefresh() throws Exception {
        Api.given().body(oneLoginSession("ol-push", "push")).post("/api/v1/sessions").then().statusCode(201);
        CliProcess start = cliProcess(OneLoginEmulator.CLIENT_SECRET + "\n" + PASSWORD + "\n",
                "session", "start", "ol-push");
        assertEquals(0, start.exitCode(), start.err());
        assertTrue(start.err().contains("OneLogin API client secret (client id testkit-client): "), start.err());
        assertTrue(start.err().contains("Approve the OneLogin Protect push on your phone"), start.err());
        assertCallerIdentity("ol-push");

        int tokens = env.idpApis().oneLogin().tokensIssued();
        CliProcess refresh = cliProcess(PASSWORD + "\n", "session", "refresh", "ol-push");
        assertEquals(0, refresh.exitCode(), refresh.err());
        assertFalse(refresh.err().contains("client secret"), "the API token is re-used: " + refresh.err());
        assertEquals(tokens, env.idpApis().oneLogin().tokensIssued());

        // A refresh the daemon runs on its own (here: started over REST) is answered with 'keyport session answer'.
        CliProcess nothingAsked = cliProcess("", "session", "answer", "ol-push");
        assertEquals(ExitCode.CONFLICT, nothingAsked.exitCode());
        assertTrue(nothingAsked.err().contains("Session 'ol-push' waits for no answer now."), nothingAsked.err());
        try (EventReader stream = new EventReader(events, env.apiToken())) {
            CompletableFuture<Integer> refreshing = CompletableFuture.supplyAsync(() -> Api.given()
                    .post("/api/v1/sessions/ol-push/refresh").then().extract().statusCode());
            JsonPath asking = stream.nextChallenge("ol-push");
            assertEquals("ACTIVE", asking.getString("status"), "the session stays active meanwhile");
            assertTrue(asking.getString("statusDetail").startsWith("refreshing: waiting for your answer: OneLogin"
                    + " password for push"), asking.getString("statusDetail"));
            CliProcess answered = cliProcess(PASSWORD + "\n", "session", "answer", "ol-push");
            assertEquals(0, answered.exitCode(), answered.err());
            assertTrue(answered.out().contains("Session 'ol-push' is active; credentials expire at"), answered.out());
            assertEquals(200, refreshing.get(60, TimeUnit.SECONDS));
        }
        assertNoSecretWritten();
    }

    @Test
    void keyportLoginSignsInHeadlesslyOnceAndMakesHeadlessSessions() throws Exception {
        String link = env.idpApis().okta().embedLink(KeyportTestEnvironment.OKTA_APP);
        int checks = env.idpApis().okta().passwordChecks("totp");
        CliProcess login = cliProcess(PASSWORD + "\n" + EmulatedUsers.TOTP_CODE + "\n", "login", link,
                "--login-flow", "headless", "--provider", "okta", "--username", "totp", "--all");
        assertEquals(0, login.exitCode(), login.err());
        assertTrue(login.err().contains("Okta password for totp at " + env.idpApis().endpoint().getRawAuthority() + ": ") && login.err().contains(
                "Code from Google Authenticator: "), login.err());
        assertEquals(1, env.idpApis().okta().passwordChecks("totp") - checks, "one sign-in");
        assertTrue(login.out().contains("is active on profile"), login.out());
        JsonPath made = Api.given().get("/api/v1/sessions").then().extract().jsonPath();
        assertEquals("HEADLESS", made.getString("find { it.samlUrl == '" + link + "' }.loginFlow"));
        assertEquals("totp", made.getString("find { it.samlUrl == '" + link + "' }.username"));
        assertEquals("okta", made.getString("find { it.samlUrl == '" + link + "' }.providerId"));

        // One sign-in per id: a second one with the id of a sign-in under way is refused; a cancel ends the first.
        String id = "0123456789abcdef-reuse";
        Map<String, Object> signIn = Map.of("samlUrl", link, "loginFlow", "HEADLESS", "providerId", "okta",
                "username", "alice", "signInId", id);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Api.given().body(signIn)
                .post("/api/v1/assertions/sign-in").then().extract().statusCode());
        JsonPath asked = Api.given().get("/api/v1/assertions/sign-in/" + id + "/challenge").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(asked.getString("prompt").startsWith("Okta password for alice at "), asked.prettify());
        Api.given().body(signIn).post("/api/v1/assertions/sign-in").then().statusCode(409)
                .body("detail", containsString("under way already"));
        Api.given().body(Map.of("challengeId", asked.getString("id"), "cancel", true))
                .post("/api/v1/assertions/sign-in/" + id + "/challenge").then().statusCode(204);
        assertEquals(409, first.get(60, TimeUnit.SECONDS), "cancelled");

        // A sign-in's questions belong to it: an id that is not one is refused, a stale answer changes nothing.
        Api.given().get("/api/v1/assertions/sign-in/short/challenge").then().statusCode(400);
        Api.given().body(Map.of("challengeId", "x", "text", "y"))
                .post("/api/v1/assertions/sign-in/0123456789abcdef/challenge").then().statusCode(409);
        CliProcess google = cliProcess("", "login", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                "--login-flow", "headless", "--all");
        assertEquals(ExitCode.INVALID_INPUT, google.exitCode(), google.err());
        assertTrue(google.err().contains("offers no sign-in without a browser"), google.err());
    }

    @Test
    void failuresEndTheStartWithWhatHappenedAndWhatToDo() throws Exception {
        Api.given().body(oktaSession("okta-rejected", "push-rejected")).post("/api/v1/sessions").then()
                .statusCode(201);
        CliProcess rejected = cliProcess(PASSWORD + "\n", "session", "start", "okta-rejected");
        assertEquals(ExitCode.REJECTED, rejected.exitCode(), rejected.err());
        assertTrue(rejected.err().contains("The Okta Verify push was rejected on the phone. Start again"),
                rejected.err());
        Api.given().get("/api/v1/sessions/okta-rejected").then().body("status", equalTo("FAILED"))
                .body("lastError", containsString("rejected on the phone"));

        Api.given().body(oktaSession("okta-wrong", "alice")).post("/api/v1/sessions").then().statusCode(201);
        CliProcess wrong = cliProcess("not the password\n", "session", "start", "okta-wrong");
        assertEquals(ExitCode.REJECTED, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().contains("Okta refused the user name or password of 'alice'"), wrong.err());

        // No answer at all (end of input): the sign-in is cancelled, not left waiting.
        Api.given().body(oktaSession("okta-quiet", "alice")).post("/api/v1/sessions").then().statusCode(201);
        CliProcess quiet = cliProcess("", "session", "start", "okta-quiet");
        assertEquals(ExitCode.CONFLICT, quiet.exitCode(), quiet.err());
        assertTrue(quiet.err().contains("cancelled at \"Okta password for alice at "), quiet.err());

        // Which providers can: listed.
        JsonPath providers = Api.given().get("/api/v1/providers").then().statusCode(200).extract().jsonPath();
        assertEquals(Boolean.TRUE, providers.get("find { it.id == 'okta' }.headlessLogin"));
        assertEquals(Boolean.TRUE, providers.get("find { it.id == 'onelogin' }.headlessLogin"));
        assertEquals(Boolean.FALSE, providers.get("find { it.id == 'gsuite' }.headlessLogin"));
        CliProcess list = cliProcess("", "provider", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("okta") && l.contains("browser, headless")),
                list.out());

        // A provider without a headless login is refused when the session is defined, naming the way out.
        Map<String, Object> google = Api.session("google-headless", "google-headless");
        google.put("loginFlow", "HEADLESS");
        Api.given().body(google).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("offers no sign-in without a browser; okta and onelogin do"));
        CliProcess cliGoogle = cliProcess("", "session", "add", "--alias", "g", "--saml-url",
                "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1", "--idp-arn",
                KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN, "--region",
                "eu-west-1", "--login-flow", "HEADLESS");
        assertEquals(ExitCode.INVALID_INPUT, cliGoogle.exitCode());
        assertTrue(cliGoogle.err().contains("--login-flow headless: provider gsuite"), cliGoogle.err());
        assertTrue(cliGoogle.err().contains("name it with --provider (okta, onelogin); otherwise use --login-flow"
                + " browser"), cliGoogle.err());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static void answer(String alias, JsonPath session, String text) {
        Api.given().body(Map.of("challengeId", session.getString("challenge.id"), "text", text))
                .post("/api/v1/sessions/" + alias + "/challenge").then().statusCode(204);
    }

    private void assertCallerIdentity(String profile) throws Exception {
        AwsCli.Result identity = AwsCli.run(cliHome, env.credentialsFile(), env.configFile(), "sts",
                "get-caller-identity", "--profile", profile, "--endpoint-url", env.sts().endpoint().toString(),
                "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertTrue(identity.stdout().contains("assumed-role/KeyportTester/"), identity.stdout());
    }

    /**
     * No password or client secret in any file of the daemon's home or the AWS files. (A six-digit code would be found
     * in every account id, so codes are left to the tests that check what is logged.)
     */
    private void assertNoSecretWritten() throws Exception {
        List<Path> files = new ArrayList<>(List.of(env.credentialsFile(), env.configFile()));
        try (Stream<Path> home = Files.walk(env.home())) {
            home.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : List.of(PASSWORD, OneLoginEmulator.CLIENT_SECRET)) {
                assertFalse(text.contains(secret), f + " holds " + secret);
            }
        }
    }

    record CliProcess(int exitCode, String out, String err) {
    }

    /** The packaged CLI as the person runs it, with {@code input} as what they type. */
    private CliProcess cliProcess(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KeyportTestEnvironment.cliCommand().split(" ")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KEYPORT_HOME", env.home().toString());
        Path out = Files.createTempFile(cliHome, "out", ".txt");
        Path err = Files.createTempFile(cliHome, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI did not end: " + Files.readString(err));
        return new CliProcess(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The daemon's event stream; {@link #nextChallenge} waits for the session to ask something new. */
    static final class EventReader implements AutoCloseable {
        private final BufferedReader reader;
        private final List<String> seen = new ArrayList<>();

        EventReader(URI events, String token) throws Exception {
            HttpResponse<java.io.InputStream> response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(events)
                            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                            .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertEquals("event:subscribed", nextEventLine());
        }

        /** Reads STARTING events of the session until one announces a challenge not seen before; the session then. */
        JsonPath nextChallenge(String alias) throws Exception {
            while (true) {
                String event = nextEventLine();
                if (!event.equals("event:STARTING")) {
                    continue;
                }
                JsonPath session = Api.given().get("/api/v1/sessions/" + alias).then().statusCode(200).extract()
                        .jsonPath();
                String id = session.getString("challenge.id");
                if (id != null && !seen.contains(id) && !"PUSH".equals(session.getString("challenge.kind"))) {
                    seen.add(id);
                    return session;
                }
            }
        }

        private String nextEventLine() throws Exception {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event:")) {
                    return line.replace(" ", "");
                }
            }
            throw new AssertionError("the event stream ended");
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }

}
