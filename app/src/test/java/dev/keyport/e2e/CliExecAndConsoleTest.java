package dev.keyport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.Api;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.GrantStream;
import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testkit.FederationEmulator;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code keyport exec} (a container endpoint, or keys in the environment, for a program the AWS CLI stands in for) and
 * {@code keyport console} end to end against the daemon under test.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class CliExecAndConsoleTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL daemon;

    @jakarta.inject.Inject
    dev.keyport.console.ConsolePages consolePages;

    /** Runs the CLI as its own process (as a user or a script would), in {@code work} with these variables. */
    private Run cliProcess(Map<String, String> extraEnvironment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(KeyportTestEnvironment.cliCommand().split(" ")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_"));
        environment.put("HOME", work.toString());
        environment.put("KEYPORT_HOME", env.home().toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        environment.put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.putAll(extraEnvironment);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keyport " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void execGivesTheAwsCliAContainerEndpointThatClosesWithTheRun() throws Exception {
        AwsCli.require();
        add("cli-exec");
        cli("session", "start", "cli-exec", "--assertion-file", assertionFile().toString());
        // AWS_PROFILE names a profile that does not exist: if it reached the child, the AWS CLI would fail.
        Run identity = cliProcess(Map.of("AWS_PROFILE", "not-there"), "exec", "cli-exec", "--",
                AwsCli.EXECUTABLE.toString(), "sts", "get-caller-identity", "--endpoint-url",
                env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.err());
        assertTrue(identity.out().contains("assumed-role/"), identity.out());

        Run printed = cliProcess(Map.of(), "exec", "cli-exec", "--", "sh", "-c",
                "echo $AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN $AWS_REGION; exit 3");
        assertEquals(3, printed.exitCode(), "the command's exit code is passed on");
        String[] seen = printed.out().strip().split(" ");
        // Served by the keyport exec process itself, which holds the port for as long as the program runs.
        assertTrue(seen[0].matches("http://127\\.0\\.0\\.1:\\d+/credentials/[A-Za-z0-9_-]{43}"), seen[0]);
        assertFalse(seen[0].contains(":" + daemon.getPort() + "/"), "not the daemon's port: " + seen[0]);
        assertTrue(seen[1].length() >= 43, "unguessable token");
        assertEquals("eu-west-1", seen[2]);
        Run again = cliProcess(Map.of(), "exec", "cli-exec", "--", "sh", "-c",
                "echo $AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN");
        assertFalse(again.out().contains(seen[0]) || again.out().contains(seen[1]), "new path and token per run");

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        assertThrows(java.net.ConnectException.class, () -> http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(seen[0])).header("Authorization", seen[1]).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()), "the endpoint ends with the run");
    }

    @Test
    void execProgramsGetTheSessionEvenWhenTheSharedFilesHaveADefaultProfile() throws Exception {
        AwsCli.require();
        add("cli-exec-default");
        cli("session", "start", "cli-exec-default", "--assertion-file", assertionFile().toString());
        // The AWS SDKs and CLI read [default] from the shared files before the container endpoint.
        Path home = Files.createDirectories(work.resolve("home-with-default"));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIAUSERSDEFAULTKEY\n"
                + "aws_secret_access_key = not-the-session\n");
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = us-east-1\n");
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        environment.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        Run identity = cliProcess(environment, "exec", "cli-exec-default", "--",
                AwsCli.EXECUTABLE.toString(), "sts", "get-caller-identity", "--endpoint-url",
                env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.err());
        assertTrue(identity.out().contains("assumed-role/"), "the session's identity, not [default]: "
                + identity.out());
    }

    @Test
    void theContainerEndpointWantsItsOwnTokenAndServesTheSdkFormat() throws Exception {
        add("cli-grant");
        cli("session", "start", "cli-grant", "--assertion-file", assertionFile().toString());
        GrantStream stream = GrantStream.open(daemon.getPort(), env.apiToken(), "cli-grant");
        JsonNode grant = stream.grant();
        java.net.URI uri = java.net.URI.create(grant.get("fullUri").asText());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> wrong = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + env.apiToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrong.statusCode(), "the API token is not the endpoint's token");
        java.net.http.HttpResponse<String> right = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", grant.get("authorizationToken").asText()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, right.statusCode());
        JsonNode c = JSON.readTree(right.body());
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        assertEquals(issued.accessKeyId(), c.get("AccessKeyId").asText());
        assertEquals(issued.sessionToken(), c.get("Token").asText());
        assertTrue(c.hasNonNull("Expiration"));
        Api.given().delete("/api/v1/sessions/cli-grant/container-endpoint/"
                + uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1)).then().statusCode(204);
        assertEquals(404, http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", grant.get("authorizationToken").asText()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        String[] closed = stream.nextEvent();
        assertEquals("closed", closed[0], "the holder of the grant learns that it ended");
        stream.close();
    }

    @Test
    void aGrantEndsWhenItsConnectionClosesAndWhenItsSessionStops() throws Exception {
        add("cli-grant-end");
        cli("session", "start", "cli-grant-end", "--assertion-file", assertionFile().toString());
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        GrantStream dropped = GrantStream.open(daemon.getPort(), env.apiToken(), "cli-grant-end");
        java.net.http.HttpRequest fetch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(dropped.fullUri()))
                .header("Authorization", dropped.token()).build();
        assertEquals(200, http.send(fetch, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        dropped.close();
        // The daemon notices the closed connection on its own time; the API answers only once it has.
        awaitStatus(http, fetch, 404);

        GrantStream held = GrantStream.open(daemon.getPort(), env.apiToken(), "cli-grant-end");
        java.net.http.HttpRequest fetchHeld = java.net.http.HttpRequest.newBuilder(java.net.URI.create(held.fullUri()))
                .header("Authorization", held.token()).build();
        JsonNode stopped = JSON.readTree(Api.given().post("/api/v1/sessions/cli-grant-end/stop").then()
                .statusCode(200).extract().asString());
        assertTrue(stopped.get("withdrawn").toString().contains("closed 1 container credentials endpoint"),
                stopped.toString());
        assertEquals(404, http.send(fetchHeld, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        String[] closed = held.nextEvent();
        assertEquals("closed", closed[0]);
        assertTrue(closed[1].contains("the session stopped"), closed[1]);
        held.close();

        // A restart ends the grants of the earlier start too.
        cli("session", "start", "cli-grant-end", "--assertion-file", assertionFile().toString());
        GrantStream before = GrantStream.open(daemon.getPort(), env.apiToken(), "cli-grant-end");
        cli("session", "start", "cli-grant-end", "--assertion-file", assertionFile().toString());
        assertEquals("closed", before.nextEvent()[0]);
        before.close();
    }

    /** Asks until the answer is {@code status}: the daemon ends a grant when it sees the connection close. */
    private static void awaitStatus(java.net.http.HttpClient http, java.net.http.HttpRequest request, int status)
            throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int seen;
        do {
            seen = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        } while (seen != status && System.nanoTime() < deadline);
        assertEquals(status, seen);
    }

    @Test
    void aRunThatEndsByItselfReportsNoEarlyClose() throws IOException {
        add("cli-quick");
        cli("session", "start", "cli-quick", "--assertion-file", assertionFile().toString());
        // The run's own closing of its endpoint raced with the watcher that reports an early end.
        for (int i = 0; i < 20; i++) {
            Run quick = cli("exec", "cli-quick", "--", "true");
            assertEquals(0, quick.exitCode(), quick.err());
            assertEquals("", quick.err(), "run " + i);
        }
    }

    @Test
    void execWithEnvSetsTheKeys() throws Exception {
        add("cli-env");
        cli("session", "start", "cli-env", "--assertion-file", assertionFile().toString());
        Run printed = cliProcess(Map.of(), "exec", "--env", "cli-env", "--", "sh", "-c",
                "echo $AWS_ACCESS_KEY_ID ${AWS_CONTAINER_CREDENTIALS_FULL_URI:-none}");
        assertEquals(0, printed.exitCode(), printed.err());
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        assertEquals(issued.accessKeyId() + " none", printed.out().strip());
    }

    /**
     * A folder holding the desktop opener ({@code xdg-open}) as the CLI finds it on PATH: it records what every local
     * user could see of it (its arguments and environment, and the page it was given) in {@code NAME-opener-saw.txt}
     * beside the folder, then lets Debian's Chromium open the page.
     */
    private Path desktopOpener(String name) throws IOException {
        Path bin = Files.createDirectories(work.resolve(name + "-bin"));
        Path seen = work.resolve(name + "-opener-saw.txt");
        Path opener = bin.resolve("xdg-open");
        Files.writeString(opener, "#!/bin/sh\n"
                + "{ echo \"argv: $*\"; env; ls -l \"${1#file://}\"; } > '" + seen + "'\n"
                + "exec /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run"
                + " --disable-background-networking --disable-component-update --disable-sync"
                + " --user-data-dir='" + work.resolve(name + "-opener-profile") + "' --virtual-time-budget=10000"
                + " --dump-dom \"$1\" > /dev/null 2>&1\n");
        Files.setPosixFilePermissions(opener, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void consoleOpensAPrivatePageSoTheSignInTokenIsInNoProcesssArguments() throws Exception {
        add("cli-console-open");
        cli("session", "start", "cli-console-open", "--assertion-file", assertionFile().toString());
        Path bin = desktopOpener("console");
        Path seen = bin.resolveSibling("console-opener-saw.txt");

        Run opened = cliProcess(Map.of("PATH", bin + ":" + System.getenv("PATH")), "console", "cli-console-open");
        assertEquals(0, opened.exitCode(), opened.err());
        assertTrue(opened.out().contains("Opened the AWS console for session 'cli-console-open'"), opened.out());

        FederationEmulator.TokenRequest issued = env.federation().requests().get(env.federation().requests().size() - 1);
        String what = Files.readString(seen);
        assertFalse(what.contains(issued.signinToken()), "the sign-in token reached the opener's argv or env");
        assertTrue(what.contains("argv: file://" + env.home().resolve("console")), what);
        assertTrue(what.contains("-rw------- "), "the page is the user's alone: " + what);
        // The page forwarded the browser to the federation endpoint with the token.
        assertTrue(env.federation().logins().stream().anyMatch(l -> l.known()
                && l.signinToken().equals(issued.signinToken())), env.federation().logins().toString());

        // The page goes once the browser has had its moment.
        List<Path> pages;
        try (var files = Files.list(env.home().resolve("console"))) {
            pages = files.toList();
        }
        assertEquals(1, pages.size(), pages.toString());
        consolePages.removeDue(java.time.Instant.now().plus(java.time.Duration.ofMinutes(1)));
        assertFalse(Files.exists(pages.get(0)));
    }

    @Test
    void consolePrintsASignInUrlThroughTheFederationEndpoint() throws IOException {
        add("cli-console");
        Run inactive = cli("console", "cli-console", "--print");
        assertEquals(ExitCode.CONFLICT, inactive.exitCode(), "no credentials, no console");
        cli("session", "start", "cli-console", "--assertion-file", assertionFile().toString());

        Run printed = cli("console", "cli-console", "--print");
        assertEquals(0, printed.exitCode(), printed.err());
        dev.keyport.testkit.FederationEmulator.TokenRequest asked =
                env.federation().requests().get(env.federation().requests().size() - 1);
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        assertEquals(issued.accessKeyId(), asked.accessKeyId(), "the session's own credentials were exchanged");
        assertEquals("3600", asked.sessionDuration(), "keyport.console.session-duration by default");
        String url = printed.out().strip();
        assertEquals(env.sts().endpoint() + "/federation?Action=login&Issuer=keyport&Destination="
                + java.net.URLEncoder.encode("https://console.aws.amazon.com/console/home?region=eu-west-1",
                StandardCharsets.UTF_8) + "&SigninToken=" + asked.signinToken(), url);

        assertEquals(0, cli("console", "cli-console", "--print", "--duration", "900").exitCode());
        assertEquals("900", env.federation().requests().get(env.federation().requests().size() - 1)
                .sessionDuration());
        Run tooLong = cli("console", "cli-console", "--print", "--duration", "50000");
        assertEquals(ExitCode.INVALID_INPUT, tooLong.exitCode());
        assertTrue(tooLong.err().contains("15 minutes to 12 hours"), tooLong.err());
    }

    @Test
    void uiOpensThePageThroughAPrivatePageSoTheOneTimeCodeIsInNoProcesssArgumentsAndWorksOnce() throws Exception {
        Path bin = desktopOpener("ui");
        Path seen = bin.resolveSibling("ui-opener-saw.txt");

        Run opened = cliProcess(Map.of("PATH", bin + ":" + System.getenv("PATH")), "ui");
        assertEquals(0, opened.exitCode(), opened.err());
        assertTrue(opened.out().contains("Opened Keyport's page in your browser."), opened.out());
        String what = Files.readString(seen);
        assertTrue(what.contains("argv: file://" + env.home().resolve("console")), what);
        assertTrue(what.contains("-rw------- "), "the page is the user's alone: " + what);
        Path page = Path.of(what.replaceFirst("(?s).*argv: file://(\\S+).*", "$1"));
        String code = Files.readString(page).replaceFirst("(?s).*#code=([A-Za-z0-9_-]{43}).*", "$1");
        assertFalse(what.contains(code), "the one-time code reached the opener's argv or env");
        // The browser the opener started has used it: a second use is refused.
        io.restassured.RestAssured.given().header("Origin", "http://127.0.0.1:" + io.restassured.RestAssured.port)
                .header("Sec-Fetch-Site", "same-origin").contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("code", code)).post("/api/v1/ui/sign-in").then().statusCode(401);

        consolePages.removeDue(java.time.Instant.now().plus(java.time.Duration.ofMinutes(2))); // the page's job is done

        Run printed = cli("ui", "--print");
        assertEquals(0, printed.exitCode(), printed.err());
        assertTrue(printed.out().strip().matches("http://127\\.0\\.0\\.1:\\d+/ui/#code=[A-Za-z0-9_-]{43}"),
                printed.out());
        try (var files = Files.list(env.home().resolve("console"))) {
            assertEquals(0, files.count(), "--print writes no page: the link goes to the terminal only");
        }
        Run signOut = cli("ui", "--sign-out-all");
        assertEquals(0, signOut.exitCode(), signOut.err());
        assertTrue(signOut.out().contains("links not yet used no longer work"), signOut.out());
    }
}
