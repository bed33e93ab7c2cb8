package dev.keyport.e2e;

import dev.keyport.testing.CliRunner;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.KeyportTestEnvironment;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the CLI's end-to-end tests share: the CLI run in-process against the daemon under test, a session added the
 * way a user would, and a SAMLResponse file for {@code --assertion-file}. The tests themselves declare
 * {@link dev.keyport.testing.FreshDaemonState} after {@code @QuarkusTest} (see there why).
 */
abstract class CliTestSupport {
    final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TempDir
    Path work;

    Run cli(String... args) {
        return new CliRunner(env.home()).run(args);
    }

    /** {@code keyport session add} for a Google-style session named {@code alias} on the profile {@code alias}. */
    Run add(String alias) {
        return cli("session", "add", "--alias", alias, "--profile", alias, "--region", "eu-west-1",
                "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN);
    }

    /** A file holding a signed SAMLResponse for the test role. */
    Path assertionFile() throws IOException {
        Path file = work.resolve("assertion.b64");
        Files.writeString(file, env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        return file;
    }
}
