package dev.keyport.e2e;

import dev.keyport.testkit.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.Api;
import dev.keyport.testing.CliRunner;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.GrantStream;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.FederationEmulator;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** Every CLI command end to end against the daemon under test, in-process and as the AWS CLI runs it. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TestHTTPResource("/")
    URL daemon;

    @jakarta.inject.Inject
    dev.keyport.console.ConsolePages consolePages;

    @TempDir
    Path work;

    private Run cli(String... args) {
        return new CliRunner(env.home()).run(args);
    }

    @BeforeEach
    void reset() throws IOException {
        env.sts().clearRecords();
        env.resetAwsFiles();
    }

    @AfterEach
    void deleteSessions() {
        Api.deleteAllSessions();
    }

    private Run add(String alias) {
        return cli("session", "add", "--alias", alias, "--profile", alias, "--region", "eu-west-1",
                "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN);
    }

    private Path assertionFile() throws IOException {
        Path file = work.resolve("assertion.b64");
        Files.writeString(file, env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        return file;
    }

    @Test
    void addListShowEditRemove() throws IOException {
        Run added = add("cli-one");
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("gsuite"), added.out());

        Run table = cli("session", "list");
        assertEquals(0, table.exitCode());
        assertTrue(table.out().startsWith("ALIAS"), table.out());
        assertTrue(table.out().contains("cli-one") && table.out().contains("INACTIVE"), table.out());

        Run json = cli("session", "list", "--output", "json");
        assertEquals("cli-one", json.json().get(0).get("alias").asText());

        Run edited = cli("session", "edit", "cli-one", "--region", "us-east-2", "-o", "json");
        assertEquals(0, edited.exitCode(), edited.err());
        assertEquals("us-east-2", edited.json().get("region").asText());
        assertEquals(KeyportTestEnvironment.ROLE_ARN, edited.json().get("roleArn").asText(), "untouched fields stay");

        Run shown = cli("session", "show", "cli-one");
        assertTrue(shown.out().contains("us-east-2"), shown.out());
        assertEquals("gsuite", cli("session", "show", "cli-one", "-o", "json").json().get("providerId").asText());

        Run logout = cli("session", "logout", "cli-one");
        assertEquals(0, logout.exitCode(), logout.err());
        assertEquals("Signed out of the IdP for session 'cli-one'.", logout.out().strip());

        assertEquals(0, cli("session", "remove", "cli-one").exitCode());
        Run gone = cli("session", "show", "cli-one");
        assertEquals(ExitCode.NOT_FOUND, gone.exitCode());
        assertEquals(1, gone.err().lines().count(), "one line: " + gone.err());
        assertTrue(gone.err().startsWith("keyport: No session has the id or alias 'cli-one'"), gone.err());
    }

    @Test
    void badInputIsOneLineWithTheUsageExitCode() {
        Run missing = cli("session", "add", "--alias", "x");
        assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("--profile, --region, --saml-url (or --parent), --idp-arn, --role-arn"), missing.err());
        Run invalid = cli("session", "add", "--alias", "bad", "--profile", "bad", "--region", "mars-1",
                "--saml-url", "https://idp.example.com/saml", "--idp-arn", "nope", "--role-arn", "nope");
        assertEquals(ExitCode.INVALID_INPUT, invalid.exitCode());
        assertEquals(1, invalid.err().lines().count(), invalid.err());
        assertEquals("", cli("session", "list").out().lines().skip(1).reduce("", String::concat), "nothing created");
    }

    @Test
    void startStopRotateAndTheirErrors() throws IOException {
        add("cli-start");
        Run started = cli("session", "start", "cli-start", "--assertion-file", assertionFile().toString());
        assertEquals(0, started.exitCode(), started.err());
        assertTrue(started.err().contains("Starting session 'cli-start'"), started.err());
        assertTrue(started.out().matches("(?s)Session 'cli-start' is active on profile cli-start; credentials expire"
                + " at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(in \\d+ min\\)\\.\\s*"), started.out());
        assertTrue(Files.readString(env.credentialsFile()).contains("[cli-start]"));

        assertEquals(0, cli("session", "stop", "cli-start").exitCode());
        assertFalse(Files.readString(env.credentialsFile()).contains("[cli-start]"));
        Run rotate = cli("session", "rotate", "cli-start");
        assertEquals(ExitCode.CONFLICT, rotate.exitCode());
        assertTrue(rotate.err().contains("only an active session can be refreshed"), rotate.err());
        Run refresh = cli("session", "refresh", "cli-start");
        assertEquals(ExitCode.CONFLICT, refresh.exitCode());
        assertEquals(rotate.err(), refresh.err(), "rotate is another name for refresh");

        Files.writeString(work.resolve("garbage.b64"), "not an assertion");
        Run garbage = cli("session", "start", "cli-start", "--assertion-file", work.resolve("garbage.b64").toString());
        assertEquals(ExitCode.INVALID_INPUT, garbage.exitCode());
        assertTrue(garbage.err().contains("not well-formed XML"), garbage.err());
    }

    @Test
    void providerListAndAssertionInspect() throws IOException {
        Run providers = cli("provider", "list");
        assertEquals(0, providers.exitCode(), providers.err());
        for (String id : List.of("gsuite", "okta", "onelogin", "azuread", "generic")) {
            assertTrue(providers.out().contains(id), providers.out());
        }
        Run inspect = cli("assertion", "inspect", assertionFile().toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains(KeyportTestEnvironment.ROLE_ARN), inspect.out());
        Run json = cli("assertion", "inspect", assertionFile().toString(), "-o", "json");
        assertEquals(KeyportTestEnvironment.ROLE_ARN, json.json().get("roles").get(0).get("roleArn").asText());
    }

    @Test
    void credentialProcessServesTheCachedCredentialsWithoutAnotherStsCall() throws IOException {
        add("cli-cp");
        cli("session", "start", "cli-cp", "--assertion-file", assertionFile().toString());
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        int calls = env.sts().requests().size();
        for (int i = 0; i < 3; i++) {
            Run run = cli("credential-process", "cli-cp");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode out = run.json();
            assertEquals(1, out.get("Version").asInt());
            assertEquals(issued.accessKeyId(), out.get("AccessKeyId").asText());
            assertTrue(out.hasNonNull("SessionToken") && out.hasNonNull("Expiration"));
        }
        assertEquals(calls, env.sts().requests().size(), "no STS (and no IdP) round trip while valid");
    }

    @Test
    void theAwsCliGetsCredentialsThroughCredentialProcess() throws Exception {
        add("cli-aws");
        cli("session", "start", "cli-aws", "--assertion-file", assertionFile().toString());
        // The command a user would put in ~/.aws/config: the packaged CLI jar.
        String command = KeyportTestEnvironment.cliCommand() + " credential-process cli-aws";
        Path config = work.resolve("config");
        Files.writeString(config, "[profile via-process]\nregion = eu-west-1\ncredential_process = " + command + "\n");
        Path credentials = work.resolve("credentials");
        Files.writeString(credentials, "");
        AwsCli.Result identity = AwsCli.run(work, credentials, config,
                Map.of("KEYPORT_HOME", env.home().toString()),
                "sts", "get-caller-identity", "--profile", "via-process", "--endpoint-url",
                env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertTrue(identity.stdout().contains("assumed-role/"), identity.stdout());
    }

    @Test
    void aCredentialProcessSessionWritesTheCommandAndTheAwsCliUsesIt() throws Exception {
        Run added = cli("session", "add", "--alias", "cli-delivery", "--profile", "cli-delivery", "--region",
                "eu-west-1", "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN,
                "--delivery", "credential-process", "-o", "json");
        assertEquals(0, added.exitCode(), added.err());
        String id = added.json().get("id").asText();
        assertEquals("CREDENTIAL_PROCESS", added.json().get("delivery").asText());
        assertEquals(0, cli("session", "start", "cli-delivery", "--assertion-file", assertionFile().toString())
                .exitCode());

        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()),
                "the credentials file gets nothing for a credential_process profile");
        String config = Files.readString(env.configFile());
        assertTrue(config.contains("[profile cli-delivery]\nregion = eu-west-1\ncredential_process = "
                + KeyportTestEnvironment.cliCommand() + " credential-process " + id + "\n"), config);

        int stsCalls = env.sts().requests().size();
        AwsCli.Result identity = AwsCli.run(work, env.credentialsFile(), env.configFile(),
                Map.of("KEYPORT_HOME", env.home().toString()),
                "sts", "get-caller-identity", "--profile", "cli-delivery", "--endpoint-url",
                env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertTrue(identity.stdout().contains("assumed-role/"), identity.stdout());
        assertEquals(stsCalls + 1, env.sts().requests().size(), "only the CLI's own GetCallerIdentity reached STS");

        assertEquals(0, cli("session", "stop", "cli-delivery").exitCode());
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        Run badDelivery = cli("session", "edit", "cli-delivery", "--delivery", "carrier-pigeon");
        assertEquals(ExitCode.INVALID_INPUT, badDelivery.exitCode());
        assertTrue(badDelivery.err().contains("credentials-file or credential-process"), badDelivery.err());
    }

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

    @Test
    void consoleOpensAPrivatePageSoTheSignInTokenIsInNoProcesssArguments() throws Exception {
        add("cli-console-open");
        cli("session", "start", "cli-console-open", "--assertion-file", assertionFile().toString());
        // The desktop opener, as the CLI finds it on PATH: records what every local user could see of it (its
        // arguments and environment), then lets Debian's Chromium open what it was given.
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path seen = work.resolve("opener-saw.txt");
        Path opener = bin.resolve("xdg-open");
        Files.writeString(opener, "#!/bin/sh\n"
                + "{ echo \"argv: $*\"; env; ls -l \"${1#file://}\"; } > '" + seen + "'\n"
                + "exec /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run"
                + " --disable-background-networking --disable-component-update --disable-sync"
                + " --user-data-dir='" + work.resolve("opener-profile") + "' --virtual-time-budget=10000"
                + " --dump-dom \"$1\" > /dev/null 2>&1\n");
        Files.setPosixFilePermissions(opener, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

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
    void assertionDiscoverSuggestsAndCreatesOneSessionPerRole() throws IOException {
        String deployer = "arn:aws:iam::123456789012:role/team/Deployer";
        Path file = work.resolve("two-roles.b64");
        Files.writeString(file, env.saml().okta().rolePair(KeyportTestEnvironment.ROLE_ARN,
                KeyportTestEnvironment.PROVIDER_ARN).rolePair(deployer, KeyportTestEnvironment.PROVIDER_ARN)
                .build().base64());
        Run listed = cli("assertion", "discover", file.toString());
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains(deployer) && listed.out().contains(KeyportTestEnvironment.ROLE_ARN),
                listed.out());
        assertEquals(0, cli("session", "list", "-o", "json").json().size(), "nothing created without --create");

        Run noUrl = cli("assertion", "discover", file.toString(), "--create");
        assertEquals(ExitCode.INVALID_INPUT, noUrl.exitCode());
        Run created = cli("assertion", "discover", file.toString(), "--create", "--saml-url",
                "https://acme.okta.com/home/amazon_aws/0oa1abcd/272", "-o", "json");
        assertEquals(0, created.exitCode(), created.err());
        assertEquals(2, created.json().size());
        Run sessions = cli("session", "list", "-o", "json");
        assertEquals(2, sessions.json().size(), sessions.out());
        assertEquals("okta", sessions.json().get(0).get("providerId").asText());
        Run again = cli("assertion", "discover", file.toString(), "--create", "--saml-url",
                "https://acme.okta.com/home/amazon_aws/0oa1abcd/272");
        assertTrue(again.out().lines().skip(1).allMatch(l -> l.strip().endsWith("yes")), "existing ones: " + again.out());
        assertEquals(2, cli("session", "list", "-o", "json").json().size(), "nothing created twice");
    }
}
