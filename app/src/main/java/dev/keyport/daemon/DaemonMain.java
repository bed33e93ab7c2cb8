package dev.keyport.daemon;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code keyport daemon [--port N]}: the daemon's entry point (the launcher sends a leading {@code daemon} here and
 * every other command to the CLI, a separate program). Reads the one option, settles home and port
 * ({@link DaemonLaunch}) and runs Quarkus until it is stopped.
 */
@QuarkusMain
public class DaemonMain implements QuarkusApplication {
    /** Exit code for a command line or setting that cannot work (the CLI's "invalid input"). */
    static final int INVALID_INPUT = 2;
    /** Exit code when another daemon has this home, or the port asked for is taken. */
    static final int NOT_STARTED = 1;

    public static void main(String... args) {
        DaemonArguments arguments;
        try {
            arguments = DaemonArguments.parse(args);
        } catch (DaemonArguments.Invalid e) {
            System.err.println("keyport: " + e.getMessage());
            System.err.println("Try 'keyport daemon --help'.");
            System.exit(INVALID_INPUT);
            return;
        }
        if (arguments.help()) {
            System.out.print(DaemonArguments.USAGE);
            return;
        }
        if (arguments.version()) {
            System.out.println("keyport " + KeyportVersion.current());
            return;
        }
        arguments.port().ifPresent(port -> System.setProperty("keyport.port", Integer.toString(port)));
        // The daemon's AWS SDK (its STS calls) reads nothing from the user's AWS files: Keyport decides endpoint and
        // region itself, and the SDK's parser refuses files the AWS CLI reads (a tab-indented key, say), which would
        // stop every start. Keyport finds the files it writes by its own settings and the environment, not these.
        System.setProperty("aws.configFile", System.getProperty("aws.configFile", "/dev/null"));
        System.setProperty("aws.sharedCredentialsFile", System.getProperty("aws.sharedCredentialsFile", "/dev/null"));
        try {
            DaemonLaunch.prepare(System.getenv()).warning().ifPresent(w -> System.err.println("keyport: " + w));
        } catch (IllegalArgumentException e) {
            System.err.println("keyport: " + e.getMessage());
            System.exit(INVALID_INPUT);
            return;
        } catch (DaemonLaunch.CannotStart e) {
            System.err.println("keyport: " + e.getMessage());
            System.exit(NOT_STARTED);
            return;
        }
        Quarkus.run(DaemonMain.class, args);
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
