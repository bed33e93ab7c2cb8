package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code keyport daemon}: runs the daemon in the foreground. The command line only records the request (and the
 * port); {@link KeyportMain} then starts Quarkus, so no other command pays for the framework.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the Keyport daemon in the foreground (REST API on 127.0.0.1).")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyportCli root = (KeyportCli) spec.root().userObject();
        if (root.port != null) {
            if (root.port < 1 || root.port > 65535) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--port needs a number between 1 and 65535, not "
                        + root.port + ".");
            }
            System.setProperty("keyport.port", Integer.toString(root.port));
        }
        root.requestDaemon();
        return ExitCodes.OK;
    }
}
