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
        PlainCredentialProcess plain = PlainCredentialProcess.of(args);
        if (plain != null) {
            // Runs before every AWS call of a credential_process profile: skip building picocli's model of every
            // command (about 100 ms of reflection) for the forms the AWS config uses.
            System.exit(CredentialProcessCommand.print(plain.home() == null ? DaemonClient::fromEnvironment
                    : () -> DaemonClient.forHome(plain.home()), plain.session(), System.out, System.err));
        }
        if (PlainSessionList.handles(args) && PlainSessionList.print(DaemonClient::fromEnvironment, System.out)) {
            // The overview people type most: the same table, without the command-line model or data binding.
            System.exit(ExitCodes.OK);
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

    /**
     * {@code credential-process [--home DIR] SESSION}, the forms a credential_process line has, and nothing else
     * (other options and help go through picocli).
     *
     * @param home the {@code --home} given, or null
     */
    record PlainCredentialProcess(String home, String session) {
        static PlainCredentialProcess of(String[] args) {
            if (args.length < 2 || !args[0].equals("credential-process")) {
                return null;
            }
            if (args.length == 2 && !args[1].startsWith("-")) {
                return new PlainCredentialProcess(null, args[1]);
            }
            if (args.length == 4 && args[1].equals("--home") && !args[3].startsWith("-")) {
                return new PlainCredentialProcess(args[2], args[3]);
            }
            if (args.length == 3 && args[1].startsWith("--home=") && !args[2].startsWith("-")) {
                return new PlainCredentialProcess(args[1].substring("--home=".length()), args[2]);
            }
            return null;
        }
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
