package dev.keyport.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code keyport} command line (every command but {@code daemon}, which the launcher hands to the daemon's own
 * program). Each command is one JVM start and one request to the user's daemon; {@code credential-process}, which runs
 * before every AWS call of such a profile, skips even the command-line model.
 */
public final class KeyportMain {
    private KeyportMain() {
    }

    public static void main(String... args) {
        if (isPlainCredentialProcess(args)) {
            // Runs before every AWS call of a credential_process profile: skip building picocli's model of every
            // command (about 100 ms of reflection) for the one form the AWS config uses.
            System.exit(CredentialProcessCommand.print(DaemonClient::fromEnvironment, args[1], System.out,
                    System.err));
        }
        System.exit(execute(new KeyportCli(DaemonClient::fromEnvironment), args, System.out, System.err));
    }

    /**
     * Runs a command line in this process against the daemon whose home is {@code home} (where its socket and API
     * token are), printing to {@code out} and {@code err}: what tests and other Java programs use instead of a new
     * process. Returns the exit code.
     */
    public static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        return execute(new KeyportCli(() -> new DaemonClient(home)), args, out, err);
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
}
