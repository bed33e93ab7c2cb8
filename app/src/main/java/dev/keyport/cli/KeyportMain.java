package dev.keyport.cli;

import dev.keyport.daemon.DaemonLaunch;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code keyport} command. The command line is parsed with picocli before anything else; only {@code daemon}
 * starts Quarkus, so every other command (and {@code credential-process}, which runs for every AWS call) costs a JVM
 * start and one HTTP request.
 */
@QuarkusMain
public class KeyportMain implements QuarkusApplication {

    public static void main(String... args) {
        if (isPlainCredentialProcess(args)) {
            // Runs before every AWS call of a credential_process profile: skip building picocli's model of every
            // command (about 100 ms of reflection) for the one form the AWS config uses.
            System.exit(CredentialProcessCommand.print(DaemonClient::fromEnvironment, args[1], System.out,
                    System.err));
        }
        KeyportCli root = new KeyportCli(DaemonClient::fromEnvironment);
        int code = execute(root, args, System.out, System.err);
        if (code == ExitCodes.OK && root.daemonRequested()) {
            try {
                DaemonLaunch.prepare(System.getenv()).warning().ifPresent(w -> System.err.println("keyport: " + w));
            } catch (IllegalArgumentException e) {
                System.err.println("keyport: " + e.getMessage());
                System.exit(ExitCodes.INVALID_INPUT);
            }
            Quarkus.run(KeyportMain.class, args);
            return;
        }
        System.exit(code);
    }

    /** {@code credential-process SESSION} and nothing else (options and help go through picocli). */
    static boolean isPlainCredentialProcess(String[] args) {
        return args.length == 2 && args[0].equals("credential-process") && !args[1].startsWith("-");
    }

    /** Runs the command line against {@code root}; the exit code. */
    static int execute(KeyportCli root, String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        int code = KeyportCli.commandLine(root, o, e).execute(args);
        o.flush();
        e.flush();
        return code;
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
