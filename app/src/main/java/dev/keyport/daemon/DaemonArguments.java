package dev.keyport.daemon;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line of {@code keyport daemon [--port N]}, read by hand: the daemon takes one option, and parsing it
 * without a command-line library keeps that library (and its reflection) out of the daemon.
 *
 * @param port    the port asked for, if one was
 * @param help    whether usage was asked for
 * @param version whether the version was asked for
 */
public record DaemonArguments(OptionalInt port, boolean help, boolean version) {
    public static final String USAGE = """
            Usage: keyport daemon [-hV] [--port=N]
            Run the Keyport daemon in the foreground (REST API on 127.0.0.1).
                  --port=N   TCP port of the REST API on 127.0.0.1 (default: KEYPORT_PORT, else this user's own
                             port, 7465 + uid % 1000, else a free one; recorded in $KEYPORT_HOME/daemon.json).
              -h, --help     Show this help message and exit.
              -V, --version  Print version information and exit.
            """;

    /** What went wrong, for the user, with the usage to try. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code args}, with or without the leading {@code daemon} the launcher passes on.
     *
     * @throws Invalid naming the argument that is wrong
     */
    public static DaemonArguments parse(String... args) {
        int i = args.length > 0 && args[0].equals("daemon") ? 1 : 0;
        Optional<String> port = Optional.empty();
        boolean help = false;
        boolean version = false;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
            } else if (a.equals("-V") || a.equals("--version")) {
                version = true;
            } else if (a.equals("--port")) {
                if (i + 1 == args.length) {
                    throw new Invalid("--port needs a value: keyport daemon --port N.");
                }
                port = Optional.of(args[++i]);
            } else if (a.startsWith("--port=")) {
                port = Optional.of(a.substring("--port=".length()));
            } else {
                throw new Invalid("Unknown argument for keyport daemon: '" + a + "'.");
            }
        }
        if (help || version) {
            return new DaemonArguments(OptionalInt.empty(), help, version && !help);
        }
        return new DaemonArguments(port.map(DaemonArguments::port).map(OptionalInt::of).orElse(OptionalInt.empty()),
                false, false);
    }

    private static int port(String value) {
        try {
            return DaemonLaunch.port(value, "--port");
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }
}
