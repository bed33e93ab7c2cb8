package dev.keyport.daemon;

import dev.keyport.api.home.Ownership;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Home and port before the daemon starts: every user gets a port of their own, and an explicit one wins. */
class DaemonLaunchTest {

    @Test
    void eachUserHasAPortOfTheirOwn() {
        assertEquals(7465, DaemonLaunch.defaultPort(0));
        assertEquals(7465 + 1, DaemonLaunch.defaultPort(1001));
        assertNotEquals(DaemonLaunch.defaultPort(1001), DaemonLaunch.defaultPort(1002));
        assertEquals(7465 + 534, DaemonLaunch.defaultPort(65534));
    }

    @Test
    void anExplicitPortIsUsedAsItIs() {
        DaemonLaunch.Settings settings = DaemonLaunch.decide(Map.of("KEYPORT_PORT", "18001"), "/tmp/kp-home", null);
        assertEquals(18001, settings.port());
        assertTrue(settings.portChosenByUser());
        assertEquals(19001, DaemonLaunch.decide(Map.of("KEYPORT_PORT", "18001"), "/tmp/kp", "19001").port(),
                "the system property (--port) wins over the environment");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DaemonLaunch.decide(Map.of("KEYPORT_PORT", "http"), "/tmp/kp", null));
        assertTrue(bad.getMessage().contains("'http', not a port number"), bad.getMessage());
    }

    @Test
    void theUsersPortWhenFreeElseAnotherWithAWarning() throws Exception {
        int own = DaemonLaunch.defaultPort(Ownership.currentUid());
        DaemonLaunch.Settings free = DaemonLaunch.decide(Map.of(), "/tmp/kp-home", null);
        if (free.port() == own) {
            assertTrue(free.warning().isEmpty());
        }
        // Taken by this test, or already by something else (a daemon of this user running meanwhile): either way taken.
        try (ServerSocket squatter = squat(own)) {
            DaemonLaunch.Settings moved = DaemonLaunch.decide(Map.of(), "/tmp/kp-home", null);
            assertNotEquals(own, moved.port());
            assertFalse(moved.portChosenByUser());
            assertTrue(moved.warning().orElseThrow().contains("Port " + own), moved.warning().orElseThrow());
            assertTrue(moved.warning().orElseThrow().contains("daemon.json"), moved.warning().orElseThrow());
        }
    }

    @Test
    void theHomeIsMadeAbsoluteAndMustLeaveRoomForTheSocket() {
        DaemonLaunch.Settings settings = DaemonLaunch.decide(Map.of("KEYPORT_PORT", "1"), "~/kp", null);
        assertTrue(settings.home().isAbsolute());
        assertFalse(settings.home().toString().contains("~"));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> DaemonLaunch.decide(Map.of("KEYPORT_PORT", "1"), "/tmp/" + "x".repeat(120), null));
        assertTrue(tooLong.getMessage().contains("too long"), tooLong.getMessage());
    }

    /** A listener on {@code port}, or null when something else already holds it. */
    private static ServerSocket squat(int port) throws java.io.IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (java.net.BindException alreadyTaken) {
            return null;
        }
    }
}
