package dev.keyport.e2e;

import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testkit.TestkitServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code keyport login SAML_URL}: one browser sign-in (Chromium, headless, at the test kit's IdP page), the roles it
 * grants, sessions created and started from that one assertion, profiles the AWS tools read.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class CliLoginTest extends CliTestSupport {
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/LoginKit";

    @Test
    void oneSignInCreatesAndStartsASessionForEachPickedRole() throws Exception {
        try (TestkitServer idp = new TestkitServer(List.of())) {
            // The daemon's STS trusts the kit's IdP, as IAM would trust a SAML provider's metadata.
            env.sts().registerProvider(PROVIDER, idp.factory().publicKey());
            String url = idp.endpoint() + TestkitServer.IDP_PATH + "?role=" + URLEncoder.encode(
                    KeyportTestEnvironment.ROLE_ARN, StandardCharsets.UTF_8) + "&provider="
                    + URLEncoder.encode(PROVIDER, StandardCharsets.UTF_8);

            Run noMatch = cli("login", url, "--role", "Deploy*");
            assertEquals(ExitCode.INVALID_INPUT, noMatch.exitCode(), noMatch.err());
            assertTrue(noMatch.err().contains("No role of the assertion matches --role 'Deploy*'"), noMatch.err());
            assertEquals(0, cli("session", "list", "-o", "json").json().size(), "nothing created");

            Run noTerminal = cli("login", url);
            assertEquals(ExitCode.INVALID_INPUT, noTerminal.exitCode());
            assertEquals("keyport: No terminal to ask which roles on: pass --all or --role PATTERN.\n",
                    noTerminal.err());

            int stsCalls = env.sts().requests().size();
            Run login = cli("login", url, "--all");
            assertEquals(0, login.exitCode(), login.err());
            assertTrue(login.out().startsWith("Session '") && login.out().contains("is active on profile"),
                    login.out());
            assertEquals(1, cli("session", "list", "-o", "json").json().size());
            assertEquals("ACTIVE", cli("session", "list", "-o", "json").json().get(0).get("status").asText());
            assertEquals(stsCalls + 1, env.sts().requests().size(), "one assertion, one AssumeRoleWithSAML");
            String profile = cli("session", "list", "-o", "json").json().get(0).get("profileName").asText();
            assertTrue(Files.readString(env.credentialsFile()).contains("[" + profile + "]"));

            // Again: the session exists, is started afresh from the new sign-in, and says so.
            Run again = cli("login", url, "--role", "keyport*");
            assertEquals(0, again.exitCode(), again.err());
            assertTrue(again.out().contains("was active and now has fresh credentials"), again.out());
            Run json = cli("login", url, "--all", "-o", "json");
            assertEquals("ACTIVE", json.json().get(0).get("status").asText(), json.out());

            // Taking over a profile that another active session holds is said, not done silently.
            assertEquals(0, cli("session", "add", "--alias", "login-other", "--profile", profile, "--region",
                    "eu-west-1", "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                    "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN)
                    .exitCode());
            assertEquals(0, cli("session", "start", "login-other", "--assertion-file", assertionFile().toString())
                    .exitCode());
            Run takeover = cli("login", url, "--all");
            assertEquals(0, takeover.exitCode(), takeover.err());
            assertTrue(takeover.err().contains("warning: Session 'login-other' was active on profile " + profile),
                    takeover.err());
            assertEquals(2, cli("session", "list", "-o", "json").json().size(), "the logins created nothing twice");
        }
    }
}
