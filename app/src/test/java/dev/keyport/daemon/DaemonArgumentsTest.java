package dev.keyport.daemon;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code keyport daemon [--port N]}: the daemon's own command line, read before anything starts. */
class DaemonArgumentsTest {

    @Test
    void aPortInEitherSpelling() {
        assertEquals(OptionalInt.of(18555), DaemonArguments.parse("daemon", "--port", "18555").port());
        assertEquals(OptionalInt.of(18556), DaemonArguments.parse("daemon", "--port=18556").port());
        assertEquals(OptionalInt.of(18557), DaemonArguments.parse("--port", "18557").port());
    }

    @Test
    void noPortLeavesTheChoiceToTheLaunchSettings() {
        DaemonArguments a = DaemonArguments.parse("daemon");
        assertEquals(OptionalInt.empty(), a.port());
        assertEquals(false, a.help());
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertTrue(DaemonArguments.parse("daemon", "--port", "1", "--help").help());
        assertTrue(DaemonArguments.parse("daemon", "-h").help());
        assertTrue(DaemonArguments.USAGE.contains("--port=N"));
    }

    @Test
    void versionAsTheCliListsItForDaemon() {
        assertTrue(DaemonArguments.parse("daemon", "-V").version());
        assertTrue(DaemonArguments.parse("daemon", "--version").version());
        assertEquals(false, DaemonArguments.parse("daemon", "--version", "--help").version(), "help first");
    }

    @Test
    void aBadPortIsRefusedWithAReason() {
        var notANumber = assertThrows(DaemonArguments.Invalid.class,
                () -> DaemonArguments.parse("daemon", "--port", "http"));
        assertTrue(notANumber.getMessage().contains("--port") && notANumber.getMessage().contains("'http'"),
                notANumber.getMessage());
        var outOfRange = assertThrows(DaemonArguments.Invalid.class,
                () -> DaemonArguments.parse("daemon", "--port", "70000"));
        assertTrue(outOfRange.getMessage().contains("'70000', not a port number (1 to 65535)"),
                outOfRange.getMessage());
        var missing = assertThrows(DaemonArguments.Invalid.class, () -> DaemonArguments.parse("daemon", "--port"));
        assertTrue(missing.getMessage().contains("needs a value"), missing.getMessage());
    }

    @Test
    void anUnknownArgumentIsNamed() {
        var e = assertThrows(DaemonArguments.Invalid.class, () -> DaemonArguments.parse("daemon", "--prot", "1"));
        assertTrue(e.getMessage().contains("'--prot'"), e.getMessage());
    }
}
