package dev.keyport.e2e;

import dev.keyport.api.model.ProblemCode.ExitCode;
import dev.keyport.testing.CliRunner.Run;
import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.IntegrationTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What people used to other tools expect of the CLI, against the daemon under test: session aliases completed by the
 * shell, and the daemon's advice given in the CLI's own flags.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class CliHabitsTest extends CliTestSupport {

    /** bash, with the script {@code keyport completion} printed, completing {@code words} as typed so far. */
    private List<String> complete(Path launcher, String function, String... words) throws Exception {
        Path script = work.resolve("completion.bash");
        Files.writeString(script, cli("completion").out());
        // compopt works only inside a completion that bash itself runs; here it is a no-op.
        String line = "source " + script + "; function compopt { :; }; COMP_WORDS=(" + launcher + " " + String.join(" ", words) + ");"
                + " COMP_CWORD=" + words.length + "; " + function + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void theShellCompletesSessionAliasesFromTheDaemon() throws Exception {
        add("habits-alpha");
        add("habits-beta");
        // An alias the shell would expand, were it offered: compgen -W runs $(...) in its word list.
        Run odd = cli("session", "add", "--alias", "habits-$(id)", "--profile", "habits-odd", "--region", "eu-west-1",
                "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=1",
                "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN);
        assertEquals(0, odd.exitCode(), odd.err());
        // The launcher as a user has it: the packaged CLI, pointed at this daemon's home.
        Path launcher = work.resolve("keyport");
        Files.writeString(launcher, "#!/bin/sh\nKEYPORT_HOME='" + env.home() + "' exec "
                + KeyportTestEnvironment.cliCommand() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        assertEquals(List.of("habits-alpha", "habits-beta"),
                complete(launcher, "_picocli_keyport_session_start", "session", "start", "habits-"));
        assertEquals(List.of("habits-beta"), complete(launcher, "_picocli_keyport_exec", "exec", "habits-b"));
        assertEquals(List.of("credential-process", "credentials-file"),
                complete(launcher, "_picocli_keyport_session_add", "session", "add", "--delivery", "cred"));
        // No daemon there: nothing to offer, and no error on the terminal.
        Path nowhere = work.resolve("no-daemon");
        Files.writeString(nowhere, "#!/bin/sh\nKEYPORT_HOME='" + work.resolve("empty-home") + "' exec "
                + KeyportTestEnvironment.cliCommand() + " \"$@\"\n");
        Files.setPosixFilePermissions(nowhere, PosixFilePermissions.fromString("rwx------"));
        assertEquals(List.of(), complete(nowhere, "_picocli_keyport_session_show", "session", "show", ""));
    }

    @Test
    void aProfileKeyportDidNotWriteIsReplacedOnlyWithTheFlagTheErrorNames() throws Exception {
        add("personal");
        Run refused = cli("session", "start", "personal", "--assertion-file", assertionFile().toString());
        assertEquals(ExitCode.CONFLICT, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("keyport: Profile sections [personal] in " + env.credentialsFile()
                + " and [profile personal] in " + env.configFile() + " were not created by Keyport"), refused.err());
        assertTrue(refused.err().contains("start the session again with --replace-profile (Keyport keeps a backup"),
                refused.err());
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));

        Run replaced = cli("session", "start", "personal", "--assertion-file", assertionFile().toString(),
                "--replace-profile");
        assertEquals(0, replaced.exitCode(), replaced.err());
    }

    @Test
    void showSpeaksInFlagsAndSaysWhereTheCredentialsAreAndEveryCommandAnswersJsonToo() throws Exception {
        add("habits-show");
        assertEquals(0, cli("session", "start", "habits-show", "--assertion-file", assertionFile().toString())
                .exitCode());
        String shown = cli("session", "show", "habits-show").out();
        assertTrue(shown.contains("\nprofile ") && shown.contains("\nSAML URL ") && shown.contains("\nrole "), shown);
        assertTrue(shown.contains("\ndelivered to ") && shown.contains("profile [habits-show] in "
                + env.credentialsFile()), shown);
        assertTrue(shown.contains("\ndelivery ") && shown.contains("credentials-file"), shown);
        assertTrue(!shown.contains("profileName") && !shown.contains("samlUrl"), shown);

        Run loggedOut = cli("session", "logout", "habits-show", "-o", "json");
        assertEquals("habits-show", loggedOut.json().get("alias").asText(), loggedOut.out());
        Run stopped = cli("session", "stop", "habits-show", "-o", "json");
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertTrue(stopped.json().get("withdrawn").toString().contains("[habits-show]"), stopped.out());
        Run none = cli("session", "stop", "--all", "-o", "json");
        assertEquals(0, none.json().size(), none.out());
        assertEquals("{\"removed\": true}\n", cli("session", "remove", "habits-show", "-o", "json").out());
    }
}
