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
    void helpShowsThePortTheDaemonRecorded() throws IOException {
        Files.writeString(home.resolve("daemon.json"), "{\"pid\": 42, \"port\": 18555}\n");
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("In this shell: home " + home + "; port 18555 on"
                + " 127.0.0.1, as recorded in " + home.resolve("daemon.json") + "."), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void typosGetSuggestions() {
        assertEquals(ExitCodes.INVALID_INPUT, run("sesion", "list"));
        assertTrue(stderr().contains("Did you mean 'keyport session'?"), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "lst"));
        assertTrue(stderr().contains("Did you mean 'keyport session list'?"), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "list", "--ouptut", "json"));
        assertTrue(stderr().contains("Did you mean '--output'?"), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("xyzzy"));
        assertFalse(stderr().contains("Did you mean"), "nothing close, nothing suggested: " + stderr());
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
        assertTrue(help.contains("In this shell: home " + home + "; no daemon has recorded a port there yet."), help);
        assertEquals(ExitCodes.OK, run("session", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("rotate"));
    }

    @Test
    void noDaemonRunningSaysHowToStartIt() {
        assertEquals(ExitCodes.NO_DAEMON, run("session", "list"));
        assertEquals("keyport: The Keyport daemon is not running (no socket at " + home.resolve("daemon.sock")
                + "). Start it with: keyport daemon. (The CLI looks for the daemon in its home: --home for"
                + " credential-process, else KEYPORT_HOME, else ~/.keyport; a daemon started with another home is found"
                + " only with that one.)" + System.lineSeparator(), stderr());
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
    void anEmptyOrUnreadableAssertionFileIsAnInputErrorNamingTheFileAndNothingIsSent() throws IOException {
        Path empty = Files.writeString(home.resolve("empty.b64"), " \n");
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "start", "x", "--assertion-file", empty.toString()));
        assertEquals("keyport: The assertion file " + empty + " is empty. It should hold the base64 SAMLResponse your"
                + " identity provider posted to AWS." + System.lineSeparator(), stderr());
        err.reset();
        Path folder = Files.createDirectories(home.resolve("a-folder"));
        assertEquals(ExitCodes.INVALID_INPUT, run("assertion", "inspect", folder.toString()));
        assertTrue(stderr().startsWith("keyport: The assertion file " + folder + " cannot be read ("), stderr());
        // Both were refused before any request: no daemon runs here, and neither said so.
        assertFalse(stderr().contains("not running"), stderr());
    }

    @Test
    void execOfAProgramThatCannotRunExitsAsAShellWouldAndSaysSoOnce() throws IOException {
        assertEquals(127, run("exec", "dev", "--", "no-such-program-keyport-test"));
        assertEquals("keyport: no-such-program-keyport-test: command not found (not on PATH)."
                + System.lineSeparator(), stderr());
        err.reset();
        assertEquals(127, run("exec", "dev", "--", home.resolve("missing").toString()));
        assertEquals("keyport: " + home.resolve("missing") + ": command not found (no such file)."
                + System.lineSeparator(), stderr());
        err.reset();
        Path notExecutable = Files.writeString(home.resolve("script.sh"), "echo hi\n");
        assertEquals(126, run("exec", "dev", "--", notExecutable.toString()));
        assertEquals("keyport: " + notExecutable + ": not an executable file." + System.lineSeparator(), stderr());
    }

    @Test
    void onlyThePlainCredentialProcessFormTakesTheShortcut() {
        assertEquals(new KeyportMain.PlainCredentialProcess(null, "dev"),
                KeyportMain.PlainCredentialProcess.of(new String[]{"credential-process", "dev"}));
        assertEquals(new KeyportMain.PlainCredentialProcess("/h", "dev"),
                KeyportMain.PlainCredentialProcess.of(new String[]{"credential-process", "--home", "/h", "dev"}));
        assertEquals(new KeyportMain.PlainCredentialProcess("/h", "dev"),
                KeyportMain.PlainCredentialProcess.of(new String[]{"credential-process", "--home=/h", "dev"}));
        for (String[] other : new String[][]{{"credential-process", "--help"}, {"credential-process", "dev", "--port",
                "1"}, {"credential-process", "--home", "/h", "--help"}, {"session", "list"}, {"credential-process"}}) {
            assertNull(KeyportMain.PlainCredentialProcess.of(other), String.join(" ", other));
        }
    }

    @Test
    void credentialProcessLooksForTheDaemonInTheHomeItIsGiven() throws IOException {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        assertEquals(ExitCodes.NO_DAEMON, run("credential-process", "--home", elsewhere.toString(), "dev"));
        assertTrue(stderr().contains("no socket at " + elsewhere.resolve("daemon.sock")), stderr());
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
        // Option values complete too: --delivery's names, --output's enum.
        assertTrue(script.contains("credentials-file"), "--delivery values");
        assertTrue(script.contains("table") && script.contains("json"), "--output values");
    }

    @Test
    void theConsoleUrlGoesToTheDesktopOpenerAsOneArgumentNeverThroughAShell() {
        String url = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=a;b$(c)";
        List<String> command = DesktopBrowser.openerCommand(url);
        assertEquals(url, command.get(command.size() - 1), "the URL is passed verbatim as the last argument");
        assertFalse(command.contains("sh") || command.contains("-c"), command.toString());
    }

    @Test
    void withOutputJsonErrorsAreOneJsonDocumentOnStderrAndStdoutStaysEmpty() {
        assertEquals(ExitCodes.NO_DAEMON, run("session", "list", "--output", "json"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String error = stderr().strip();
        assertTrue(error.startsWith("{\"error\":{\"code\":\"no-daemon\",\"message\":\"The Keyport daemon is not"
                + " running (no socket at "), error);
        assertTrue(error.endsWith(",\"exitCode\":3}}"), error);
        assertEquals(1, error.lines().count(), error);

        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "list", "-o", "json", "--prot", "1"));
        assertEquals("{\"error\":{\"code\":\"invalid-input\",\"message\":\"'keyport session list' has no option"
                + " '--prot'.\",\"exitCode\":2}}", stderr().strip());
        assertFalse(stderr().contains("Try '"), "no advice meant for people: " + stderr());

        err.reset();
        assertEquals(ExitCodes.NO_DAEMON, run("session", "list"));
        assertTrue(stderr().startsWith("keyport: The Keyport daemon is not running"), "without it, a sentence");
    }

    @Test
    void onlyTheOutputOptionAsksForJsonErrors() {
        assertTrue(ErrorReport.jsonRequested(List.of("session", "list", "-o", "json")));
        assertTrue(ErrorReport.jsonRequested(List.of("session", "show", "x", "--output=json")));
        assertTrue(ErrorReport.jsonRequested(List.of("-ojson")));
        assertFalse(ErrorReport.jsonRequested(List.of("session", "add", "json", "--alias", "json")));
        assertFalse(ErrorReport.jsonRequested(List.of("exec", "s", "--", "tool", "-o", "json")));
    }

    @Test
    void parseErrorsAreSentencesInTheClisWords() {
        String tryHelp = System.lineSeparator() + "Try '";
        assertEquals(ExitCodes.INVALID_INPUT, run("sesion", "list"));
        assertTrue(stderr().startsWith("keyport: 'keyport' has no command 'sesion'." + System.lineSeparator()
                + "Did you mean 'keyport session'?"), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "add", "--prfile", "x"));
        assertTrue(stderr().startsWith("keyport: 'keyport session add' has no option '--prfile'."), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("session", "start"));
        assertTrue(stderr().startsWith("keyport: 'keyport session start' needs SESSION (alias or id)." + tryHelp),
                stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run());
        assertTrue(stderr().startsWith("keyport: 'keyport' needs a command: session, provider, assertion,"), stderr());
        err.reset();
        assertEquals(ExitCodes.INVALID_INPUT, run("console", "s", "--duration", "1h"));
        assertTrue(stderr().startsWith("keyport: Wrong value for '--duration': '1h' is not a whole number."), stderr());
    }

    @Test
    void everyCommandKnowsTheVersion() {
        assertEquals(ExitCodes.OK, run("session", "list", "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("keyport "), out.toString(StandardCharsets.UTF_8));
    }
}
