package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code keyport daemon}: listed here for help and completion. The daemon is a program of its own (the app module);
 * the {@code keyport} launcher starts it for a leading {@code daemon} and never reaches this command, so reaching it
 * means the CLI's jar was run directly.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the Keyport daemon in the foreground (REST API on 127.0.0.1).")
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N",
            description = "TCP port of the REST API on 127.0.0.1 (default: KEYPORT_PORT, else this user's own port,"
                    + " 7465 + uid % 1000, else a free one; recorded in $KEYPORT_HOME/daemon.json).")
    Integer port;

    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INVALID_INPUT, "This is the CLI's jar, which does not contain the daemon."
                + " Start the daemon with the keyport launcher: keyport daemon");
    }
}
