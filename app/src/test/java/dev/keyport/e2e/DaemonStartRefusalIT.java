package dev.keyport.e2e;

import dev.keyport.testing.DaemonProcess;
import dev.keyport.testing.PortSquatter;
import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon that cannot start as asked says why in one line, with no stack trace, and leaves nothing behind: a second
 * daemon on a home one already serves, and a port another program holds. The packaged launcher, as a user runs it.
 */
@IntegrationTest
class DaemonStartRefusalIT {
    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private DaemonProcess start(Path home, Map<String, String> extra) throws Exception {
        DaemonProcess daemon = DaemonProcess.start(List.of(), DaemonProcess.environment(home,
                Files.createDirectories(tmp.resolve("aws")), extra));
        cleanup.add(daemon);
        return daemon;
    }

    @Test
    void aSecondDaemonOnTheSameHomeNamesTheFirstOnesPidAndPort() throws Exception {
        Path home = tmp.resolve("home");
        DaemonProcess first = start(home, Map.of());
        assertTrue(first.awaitReady(), first.log());
        // The record is written once the socket is bound; the CLI's first answer proves it is.
        Map<String, String> env = DaemonProcess.environment(home, tmp.resolve("aws"), Map.of());
        assertEquals(0, DaemonProcess.cli(List.of(), env, "session", "list").exitCode());
        String record = Files.readString(home.resolve("daemon.json"));

        DaemonProcess second = start(home, Map.of());
        assertEquals(1, second.awaitExit(), second.log());
        assertEquals(List.of("keyport: Another Keyport daemon (pid " + first.process().pid() + ") is already running"
                + " with KEYPORT_HOME=" + home + ", on port " + first.port() + ". Stop it first, or give this one"
                + " another KEYPORT_HOME."), second.log().lines().toList());
        assertEquals(record, Files.readString(home.resolve("daemon.json")), "the first daemon's record stays");
        assertEquals(0, DaemonProcess.cli(List.of(), env, "session", "list").exitCode(), "the first daemon still answers");
    }

    @Test
    void aPortInUseIsOneLineAndNoTokenIsMadeBeforeTheDaemonCouldListen() throws Exception {
        PortSquatter squatter = PortSquatter.on(0);
        assertNotNull(squatter);
        cleanup.add(squatter);
        Path home = tmp.resolve("fresh-home");
        DaemonProcess daemon = start(home, Map.of("KEYPORT_PORT", Integer.toString(squatter.port)));
        assertEquals(1, daemon.awaitExit(), daemon.log());
        assertEquals(List.of("keyport: Port " + squatter.port + " on 127.0.0.1 is in use by another program, so the"
                + " daemon cannot listen there. Choose another with --port or KEYPORT_PORT, or set neither to use"
                + " this user's own port."), daemon.log().lines().toList());
        assertFalse(Files.exists(home.resolve("api-token")), "no token was created");
        assertFalse(Files.exists(home.resolve("daemon.json")), "no port was recorded");
    }
}
