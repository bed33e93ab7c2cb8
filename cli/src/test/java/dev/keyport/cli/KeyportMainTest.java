package dev.keyport.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line without a daemon: parsing, help, and the "not running" error. */
class KeyportMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private KeyportCli root;

    @TempDir
    Path home;

    private int run(String... args) {
        root = new KeyportCli(() -> new DaemonClient(home));
        return KeyportMain.execute(root, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDaemonIsNotInTheCliJarAndSaysHowToStartIt() {
        assertEquals(ExitCodes.INVALID_INPUT, run("daemon", "--port", "18555"));
        assertTrue(stderr().contains("Start the daemon with the keyport launcher: keyport daemon"), stderr());
        assertNull(System.getProperty("keyport.port"));
    }

    @Test
    void unknownCommandOrOptionIsOneLineAndUsageExitCode() {
        assertEquals(ExitCodes.INVALID_INPUT, run("deamon"));
        assertTrue(stderr().contains("deamon"), stderr());
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "list", "--prot", "1"));
        assertTrue(stderr().contains("--prot"), stderr());
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        assertEquals(ExitCodes.OK, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String command : new String[]{"session", "provider", "assertion", "credential-process", "daemon",
                "completion"}) {
            assertTrue(help.contains(command), command + " in " + help);
        }
        assertTrue(help.contains("daemon not running"), help);
        assertEquals(ExitCodes.OK, run("session", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("rotate"));
    }

    @Test
    void noDaemonRunningSaysHowToStartIt() {
        assertEquals(ExitCodes.NO_DAEMON, run("session", "list"));
        assertEquals("keyport: The Keyport daemon is not running (no socket at " + home.resolve("daemon.sock")
                + "). Start it with: keyport daemon" + System.lineSeparator(), stderr());
    }

    @Test
    void aSocketLeftByAKilledDaemonMeansNotRunning() throws IOException {
        try (var listener = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listener.bind(java.net.UnixDomainSocketAddress.of(home.resolve("daemon.sock")));
        }
        // The socket file is still there, but nobody listens on it.
        assertTrue(Files.exists(home.resolve("daemon.sock")));
        assertEquals(ExitCodes.NO_DAEMON, run("session", "list"));
        assertTrue(stderr().contains("is not running"), stderr());
    }

    @Test
    void noTokenFileMeansTheDaemonNeverRanHere() throws IOException {
        try (var listener = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listener.bind(java.net.UnixDomainSocketAddress.of(home.resolve("daemon.sock")));
            assertEquals(ExitCodes.NO_DAEMON, run("credential-process", "anything"));
        }
        assertTrue(stderr().contains("No API token in " + home), stderr());
        assertTrue(stderr().contains("keyport daemon"), stderr());
    }

    @Test
    void aMissingAssertionFileIsAnInputErrorNamingTheFile() {
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "start", "x", "--assertion-file",
                home.resolve("nope.b64").toString()));
        assertTrue(stderr().contains("The assertion file " + home.resolve("nope.b64") + " does not exist."), stderr());
    }

    @Test
    void onlyThePlainCredentialProcessFormTakesTheShortcut() {
        assertTrue(KeyportMain.isPlainCredentialProcess(new String[]{"credential-process", "dev"}));
        assertFalse(KeyportMain.isPlainCredentialProcess(new String[]{"credential-process", "--help"}));
        assertFalse(KeyportMain.isPlainCredentialProcess(new String[]{"credential-process", "dev", "--port", "1"}));
        assertFalse(KeyportMain.isPlainCredentialProcess(new String[]{"session", "list"}));
    }

    @Test
    void theShortcutPrintsTheSameErrorAsPicocli() {
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        int code = CredentialProcessCommand.print(() -> new DaemonClient(home), "x",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(direct, true, StandardCharsets.UTF_8));
        assertEquals(run("credential-process", "x"), code);
        assertEquals(stderr(), direct.toString(StandardCharsets.UTF_8));
    }

    @Test
    void completionPrintsABashScript() {
        assertEquals(ExitCodes.OK, run("completion"));
        String script = out.toString(StandardCharsets.UTF_8);
        assertTrue(script.contains("complete -F"), script.substring(0, Math.min(200, script.length())));
        assertTrue(script.contains("credential-process"));
    }

    @Test
    void theConsoleUrlGoesToTheDesktopOpenerAsOneArgumentNeverThroughAShell() {
        String url = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=a;b$(c)";
        List<String> command = ConsoleCommand.openerCommand(url);
        assertEquals(url, command.get(command.size() - 1), "the URL is passed verbatim as the last argument");
        assertFalse(command.contains("sh") || command.contains("-c"), command.toString());
    }
}
