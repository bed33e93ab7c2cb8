package dev.keyport.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.PrintStream;

/**
 * The {@code keyport} command. Arguments are parsed before Quarkus starts, so {@code --port} reaches the HTTP
 * configuration and {@code help} costs no framework start-up.
 */
@QuarkusMain
public class KeyportMain implements QuarkusApplication {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: keyport <command> [options]

            Commands:
              daemon [--port N]   run the Keyport daemon in the foreground (REST control API on 127.0.0.1:N;
                                  default 7465, or KEYPORT_PORT). State lives in KEYPORT_HOME (default ~/.keyport);
                                  the API token is in KEYPORT_HOME/api-token.
              help                show this text
            """;

    public static void main(String... args) {
        int early = handleWithoutDaemon(args, System.out, System.err);
        if (early >= 0) {
            System.exit(early);
        }
        Quarkus.run(KeyportMain.class, args);
    }

    /**
     * Handles everything that does not need the daemon, and applies daemon options as system properties.
     *
     * @return an exit code, or -1 when the daemon should start
     */
    static int handleWithoutDaemon(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        if (!args[0].equals("daemon")) {
            err.println("keyport: unknown command '" + args[0] + "'.");
            err.print(USAGE);
            return EXIT_USAGE;
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.equals("--port") && i + 1 < args.length) {
                value = args[++i];
            } else if (arg.startsWith("--port=")) {
                value = arg.substring("--port=".length());
            } else {
                err.println("keyport daemon: unknown option '" + arg + "'.");
                err.print(USAGE);
                return EXIT_USAGE;
            }
            int port;
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                err.println("keyport daemon: --port needs a number between 1 and 65535, not '" + value + "'.");
                return EXIT_USAGE;
            }
            System.setProperty("keyport.port", Integer.toString(port));
        }
        return -1;
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return EXIT_OK;
    }
}
