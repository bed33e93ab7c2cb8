package dev.keyport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI's session, provider and assertion commands end to end against the daemon under test, and credential_process
 * as the AWS CLI runs it. {@code exec} and {@code console}: {@link CliExecAndConsoleTest}.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class CliTest extends CliTestSupport {
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
        // The daemon's words for an API client become the CLI's.
        assertEquals("keyport: No session has the id or alias 'cli-one'. List sessions with keyport session list.\n",
                gone.err());
        Run goneJson = cli("session", "show", "cli-one", "-o", "json");
        assertEquals(ExitCode.NOT_FOUND, goneJson.exitCode());
        assertEquals("", goneJson.out());
        assertEquals("{\"error\":{\"code\":\"not-found\",\"message\":\"No session has the id or alias 'cli-one'."
                + " List sessions with keyport session list.\",\"exitCode\":4}}\n", goneJson.err());
    }

    @Test
    void badInputIsOneLineWithTheUsageExitCode() {
        Run missing = cli("session", "add", "--alias", "x");
        assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
        // --profile and --region have defaults (the alias, the [default] profile's region).
        assertEquals("keyport: session add needs --saml-url (or --parent), --idp-arn, --role-arn.\n", missing.err());
        Run invalid = cli("session", "add", "--alias", "bad", "--profile", "bad", "--region", "mars-1",
                "--saml-url", "https://idp.example.com/saml", "--idp-arn", "nope", "--role-arn", "nope");
        assertEquals(ExitCode.INVALID_INPUT, invalid.exitCode());
        assertEquals(1, invalid.err().lines().count(), invalid.err());
        assertEquals("keyport: The session is not valid: --idp-arn: 'nope' is not an ARN: it must start with 'arn:';"
                + " it should look like arn:aws:iam::123456789012:saml-provider/MyIdP. --role-arn: 'nope' is not an"
                + " ARN: it must start with 'arn:'; it should look like arn:aws:iam::123456789012:role/MyRole. The"
                + " region 'mars-1' is not a"
                + " region the AWS SDK knows; check the spelling (e.g. us-east-1, eu-west-1).\n", invalid.err());
        assertFalse(invalid.err().contains("idpArn") || invalid.err().contains("roleArn"), invalid.err());
        assertEquals("", cli("session", "list").out().lines().skip(1).reduce("", String::concat), "nothing created");
    }

    @Test
    void startStopRotateAndTheirErrors() throws IOException {
        add("cli-start");
        Run started = cli("session", "start", "cli-start", "--assertion-file", assertionFile().toString());
        assertEquals(0, started.exitCode(), started.err());
        assertTrue(started.err().contains("Starting session 'cli-start'"), started.err());
        assertTrue(started.out().matches("(?s)Session 'cli-start' is active on profile cli-start; credentials expire"
                + " at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\(in \\d+ min\\)\\.\\s*"), started.out());
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
    void aStartIntoAnAwsFileTheAwsCliCannotReadSaysWhichLineAndChangesNothing() throws Exception {
        add("cli-broken-files");
        String broken = "\uFEFF" + KeyportTestEnvironment.FOREIGN_CONFIG;
        Files.writeString(env.configFile(), broken);
        Run start = cli("session", "start", "cli-broken-files", "--assertion-file", assertionFile().toString());
        assertEquals(ExitCode.INVALID_INPUT, start.exitCode(), start.err());
        assertTrue(start.err().contains("keyport: The AWS config file " + env.configFile() + " cannot be read by the"
                + " AWS tools (the AWS CLI refuses it too): it starts with a byte-order mark"), start.err());
        assertEquals(broken, Files.readString(env.configFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        // The real AWS CLI agrees that the file is unreadable.
        AwsCli.Result aws = AwsCli.run(work, env.credentialsFile(), env.configFile(), "configure", "list");
        assertTrue(aws.exitCode() != 0, aws.stdout());
    }

    @Test
    void stopAllStopsWhatRunsAndListShowsParentsAndZonedTimes() throws IOException {
        add("cli-all-a");
        add("cli-all-b");
        assertEquals(0, cli("session", "start", "cli-all-a", "--assertion-file", assertionFile().toString())
                .exitCode());
        assertEquals(0, cli("session", "add", "--alias", "cli-all-child", "--profile", "cli-all-child", "--region",
                "eu-west-1", "--role-arn", "arn:aws:iam::123456789012:role/Child", "--parent", "cli-all-a").exitCode());
        Run list = cli("session", "list");
        assertTrue(list.out().lines().findFirst().orElseThrow().matches("ALIAS +STATUS +PROFILE +REGION +ROLE +PARENT"
                + " +EXPIRES"), list.out());
        String childRow = list.out().lines().filter(l -> l.startsWith("cli-all-child")).findFirst().orElseThrow();
        assertTrue(childRow.matches(".* cli-all-a\\s*$"), "the parent by its alias: " + childRow);
        String activeRow = list.out().lines().filter(l -> l.startsWith("cli-all-a ")).findFirst().orElseThrow();
        assertTrue(activeRow.matches(".*\\d\\d:\\d\\d:\\d\\d \\S+$"), "expiry with its zone: " + activeRow);

        Run stopAll = cli("session", "stop", "--all");
        assertEquals(0, stopAll.exitCode(), stopAll.err());
        assertTrue(stopAll.out().startsWith("Session 'cli-all-a' stopped:\n"), stopAll.out());
        assertTrue(stopAll.out().contains("\n  removed [cli-all-a] from " + env.credentialsFile() + "\n"),
                "which profile it removed, and from where: " + stopAll.out());
        assertFalse(stopAll.out().contains("cli-all-b"), "an inactive session is left alone: " + stopAll.out());
        assertEquals("No session was running; nothing to stop.\n", cli("session", "stop", "--all").out());

        Run neither = cli("session", "stop");
        assertEquals(ExitCode.INVALID_INPUT, neither.exitCode());
        assertEquals("keyport: Name the session to stop (alias or id), or pass --all.\n", neither.err());
        assertEquals(ExitCode.INVALID_INPUT, cli("session", "stop", "cli-all-a", "--all").exitCode());
    }

    @Test
    void aNewSessionsProfileIsItsAliasAndItsRegionTheDefaultProfiles() throws IOException {
        Run added = cli("session", "add", "--alias", "cli-defaults", "--saml-url",
                "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1", "--idp-arn",
                KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN, "-o", "json");
        assertEquals(0, added.exitCode(), added.err());
        assertEquals("cli-defaults", added.json().get("profileName").asText());
        assertEquals("us-east-1", added.json().get("region").asText(), "the [default] profile's region");

        Files.writeString(env.configFile(), "[profile other]\nregion = eu-west-3\n");
        Run noDefault = cli("session", "add", "--alias", "cli-defaults-2", "--saml-url",
                "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1", "--idp-arn",
                KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN);
        assertEquals(ExitCode.INVALID_INPUT, noDefault.exitCode());
        assertTrue(noDefault.err().contains("The region is required"), noDefault.err());
        assertTrue(noDefault.err().contains("[default] profile"), noDefault.err());
    }

    @Test
    void aStartOnAProfileAnotherSessionHoldsSaysWhichSessionItStopped() throws IOException {
        for (String alias : new String[]{"cli-share-a", "cli-share-b"}) {
            assertEquals(0, cli("session", "add", "--alias", alias, "--profile", "cli-shared", "--saml-url",
                    "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1", "--idp-arn",
                    KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN).exitCode());
        }
        assertEquals(0, cli("session", "start", "cli-share-a", "--assertion-file", assertionFile().toString())
                .exitCode());
        Run second = cli("session", "start", "cli-share-b", "--assertion-file", assertionFile().toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("warning: Session 'cli-share-a' was active on profile cli-shared and has been"
                + " stopped: a profile serves one session at a time."), second.err());
        assertEquals("INACTIVE", cli("session", "show", "cli-share-a", "-o", "json").json().get("status").asText());
    }

    @Test
    void anEditDetectsTheProviderAgainUnlessItWasChosen() throws IOException {
        String okta = "https://acme.okta.com/app/amazon_aws/exk1abc/sso/saml";
        String google = "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1";
        assertEquals(0, cli("session", "add", "--alias", "cli-idp", "--profile", "cli-idp", "--region", "eu-west-1",
                "--saml-url", okta, "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn",
                KeyportTestEnvironment.ROLE_ARN).exitCode());
        JsonNode renamed = cli("session", "edit", "cli-idp", "--alias", "cli-idp2", "-o", "json").json();
        assertEquals("okta", renamed.get("providerId").asText());
        assertFalse(renamed.get("providerChosen").asBoolean(), "an alias-only edit keeps the provider detected");
        assertTrue(renamed.get("providerReason").asText().startsWith("detected"), renamed.toString());

        JsonNode moved = cli("session", "edit", "cli-idp2", "--saml-url", google, "-o", "json").json();
        assertEquals("gsuite", moved.get("providerId").asText(), "detected again from the new URL");
        assertFalse(moved.get("providerChosen").asBoolean());

        JsonNode chosen = cli("session", "edit", "cli-idp2", "--provider", "okta", "-o", "json").json();
        assertEquals("okta", chosen.get("providerId").asText());
        assertTrue(chosen.get("providerChosen").asBoolean());
        JsonNode kept = cli("session", "edit", "cli-idp2", "--saml-url", okta.replace("exk1abc", "exk2def"), "-o",
                "json").json();
        assertEquals("okta", kept.get("providerId").asText(), "a provider named in the session sticks");
        assertTrue(kept.get("providerChosen").asBoolean());
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
                + KeyportTestEnvironment.cliCommand() + " credential-process --home " + env.home() + " " + id + "\n"),
                config);

        // Run from a process that knows nothing of the daemon (another home, or none): the line names the daemon's.
        int stsCalls = env.sts().requests().size();
        AwsCli.Result identity = AwsCli.run(work, env.credentialsFile(), env.configFile(),
                Map.of("KEYPORT_HOME", work.resolve("some-other-home").toString()),
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
        assertTrue(listed.out().lines().skip(1).allMatch(l -> l.strip().endsWith("would create")), listed.out());
        assertEquals("Nothing was created. To create the 2 marked 'would create', run this again with --create"
                + " --saml-url URL (where they sign in).\n", listed.err());

        Run picked = cli("assertion", "discover", file.toString(), "--role", "deploy*", "-o", "json");
        assertEquals(0, picked.exitCode(), picked.err());
        assertEquals(1, picked.json().size(), picked.out());
        assertEquals(deployer, picked.json().get(0).get("roleArn").asText());
        Run noMatch = cli("assertion", "discover", file.toString(), "--role", "*:999999999999:*");
        assertEquals(ExitCode.INVALID_INPUT, noMatch.exitCode());
        assertEquals("keyport: No role of the assertion matches --role '*:999999999999:*'. It offers: "
                + KeyportTestEnvironment.ROLE_ARN + ", " + deployer + ".\n", noMatch.err());

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
        assertTrue(again.out().lines().skip(1).allMatch(l -> l.strip().endsWith("exists")), "existing ones: " + again.out());
        assertEquals(2, cli("session", "list", "-o", "json").json().size(), "nothing created twice");
    }
}
