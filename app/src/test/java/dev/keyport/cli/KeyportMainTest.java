package dev.keyport.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyportMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void clearPort() {
        System.clearProperty("keyport.port");
    }

    private int run(String... args) {
        return KeyportMain.handleWithoutDaemon(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void daemonWithPortSetsThePortAndStartsTheDaemon() {
        assertEquals(-1, run("daemon", "--port", "18555"));
        assertEquals("18555", System.getProperty("keyport.port"));
        assertEquals(-1, run("daemon", "--port=18556"));
        assertEquals("18556", System.getProperty("keyport.port"));
    }

    @Test
    void daemonWithoutPortLeavesConfigurationAlone() {
        assertEquals(-1, run("daemon"));
        assertNull(System.getProperty("keyport.port"));
    }

    @Test
    void badPortIsRefusedWithAReason() {
        assertEquals(KeyportMain.EXIT_USAGE, run("daemon", "--port", "http"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("between 1 and 65535"));
        assertEquals(KeyportMain.EXIT_USAGE, run("daemon", "--port", "70000"));
        assertNull(System.getProperty("keyport.port"));
    }

    @Test
    void unknownCommandOrOptionPrintsUsage() {
        assertEquals(KeyportMain.EXIT_USAGE, run("deamon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'deamon'"));
        assertEquals(KeyportMain.EXIT_USAGE, run("daemon", "--prot", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--prot'"));
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertEquals(KeyportMain.EXIT_OK, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("daemon [--port N]"));
    }
}
