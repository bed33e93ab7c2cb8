package dev.keyport.e2e;

import dev.keyport.testing.DaemonProcess;
import dev.keyport.testing.DaemonProcess.CliRun;
import dev.keyport.testing.ProcessOutput;
import dev.keyport.testing.XDisplay;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testkit.TestkitServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where sign-in can be seen: the packaged daemon on a real X display (Xvfb) with a window monitor, the real Chromium,
 * the test kit as IdP and STS. A sign-in the IdP completes by itself maps no window; one that needs the person maps
 * exactly one, on screen, where the person's typing (xdotool, through the X server) completes it. The stand-in IdP
 * accepts the typed sign-in only from the browser it sent there (a cookie the headless browser got, which the visible
 * one must have), and the refresh after it is silent again: the IdP's session cookie outlived the window.
 */
@IntegrationTest
class VisibleSignInIT {
    private static final String ROLE = "arn:aws:iam::123456789012:role/Admin";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/TestKit";

    @TempDir
    Path tmp;
    private XDisplay x;
    private TestkitServer kit;
    private DaemonProcess daemon;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        x = XDisplay.start();
        kit = new TestkitServer(List.of(PROVIDER));
        Path home = tmp.resolve("home");
        Path aws = Files.createDirectories(tmp.resolve("aws"));
        // A short background timeout, for the sign-in page no pattern recognises.
        env = DaemonProcess.environment(home, aws, Map.of("DISPLAY", x.display(),
                "KEYPORT_STS_ENDPOINT", kit.endpoint().toString(), "KEYPORT_BROWSER_BACKGROUND_TIMEOUT", "PT3S"));
        daemon = DaemonProcess.start(List.of(), env);
        assertTrue(daemon.awaitReady(), daemon.log());
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (kit != null) {
            kit.close();
        }
        if (x != null) {
            x.close();
        }
    }

    private void add(String alias, String idpQuery) throws Exception {
        add(alias, idpQuery, "/_testkit/sign-in");
    }

    private void add(String alias, String idpQuery, String signInPattern) throws Exception {
        String samlUrl = kit.endpoint() + TestkitServer.IDP_PATH + "?role=" + URLEncoder.encode(ROLE,
                StandardCharsets.UTF_8) + "&provider=" + URLEncoder.encode(PROVIDER, StandardCharsets.UTF_8) + idpQuery;
        CliRun added = DaemonProcess.cli(List.of(), env, "session", "add", "--alias", alias, "--region", "eu-west-1",
                "--saml-url", samlUrl, "--idp-arn", PROVIDER, "--role-arn", ROLE,
                "--login-page-pattern", signInPattern);
        assertEquals(0, added.exitCode(), added.err());
    }

    @Test
    void aSilentSignInMapsNoWindowAndOneThatNeedsThePersonMapsExactlyOneOnScreen() throws Exception {
        // An IdP that posts by itself: no window, ever.
        add("static-idp", "");
        CliRun silent = DaemonProcess.cli(List.of(), env, "session", "start", "static-idp");
        assertEquals(0, silent.exitCode(), silent.err() + daemon.log());
        assertEquals(0, x.windowsMapped(), "a silent start maps no window");

        // An IdP that wants the person: one window, on screen, in which typing signs in.
        add("person", "&signIn=required");
        signInByTyping("person");
        assertEquals(1, x.windowsMapped(), "one window was mapped");

        // The IdP's session cookie came through the hand-over and the visible browser's close: silent again.
        CliRun refreshed = DaemonProcess.cli(List.of(), env, "session", "refresh", "person");
        assertEquals(0, refreshed.exitCode(), refreshed.err() + daemon.log());
        assertEquals(1, x.windowsMapped(), "the refresh mapped no window");
    }

    @Test
    void aSignInPageNoPatternKnowsComesOnScreenAfterTheBackgroundTimeout() throws Exception {
        add("unknown-page", "&signIn=required", "no-such-page");
        signInByTyping("unknown-page");
        assertEquals(1, x.windowsMapped(), "one window, after the headless wait");
    }

    /** Starts {@code alias}, waits for the window the person is needed in, and types the sign-in into it. */
    private void signInByTyping(String alias) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", DaemonProcess.launcher().toString(), "session",
                "start", alias));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process start = builder.start();
        String said = ProcessOutput.readUntil(start.getErrorStream(),
                Pattern.compile("waiting for you to sign in in the browser window"));

        // The window shows the sign-in page (its title); the page and its focused field are there to type into.
        x.run("xdotool", "search", "--sync", "--onlyvisible", "--name", "Keyport test kit: sign in");
        String[] windows = x.run("xdotool", "search", "--onlyvisible", "--class", "chromium").strip().split("\\s+");
        assertEquals(1, windows.length, "exactly one visible window: " + String.join(",", windows));
        String geometry = x.run("xdotool", "getwindowgeometry", windows[0]);
        assertTrue(geometry.contains("Position: 120,80"), "on screen: " + geometry);

        // The person types into the real window; the page's field has the focus.
        x.run("xdotool", "windowfocus", "--sync", windows[0]);
        x.run("xdotool", "type", "--delay", "30", "alice");
        x.run("xdotool", "key", "Return");
        assertTrue(start.waitFor(120, TimeUnit.SECONDS), "the start finished once the person signed in");
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, start.exitValue(), said + out + daemon.log());
        assertTrue(out.contains("Session '" + alias + "' is active"), out);
    }
}
