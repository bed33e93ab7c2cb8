package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code keyport daemon}: runs the daemon in the foreground. The command line only records the request (and the
 * port); {@link KeyportMain} then settles home and port ({@link dev.keyport.daemon.DaemonLaunch}) and starts Quarkus,
 * so no other command pays for the framework.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the Keyport daemon in the foreground (REST API on 127.0.0.1).")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port of the REST API on 127.0.0.1 (default: KEYPORT_PORT, else this user's own port,"
                    + " 7465 + uid % 1000, else a free one; recorded in $KEYPORT_HOME/daemon.json).")
    Integer port;

    @Override
    public Integer call() {
        KeyportCli root = (KeyportCli) spec.root().userObject();
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--port needs a number between 1 and 65535, not "
                        + port + ".");
            }
            System.setProperty("keyport.port", Integer.toString(port));
        }
        root.requestDaemon();
        return ExitCodes.OK;
    }
}
