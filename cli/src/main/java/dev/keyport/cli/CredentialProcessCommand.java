package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * {@code keyport credential-process SESSION}: the AWS credential_process protocol. Prints the daemon's JSON as is,
 * from its memory while the credentials are valid (no IdP round trip), starting the session first if it has none.
 * It runs before every AWS call of a credential_process profile, so it loads no JSON library, and
 * {@link KeyportMain} calls {@link #print} directly for the plain form of the command line.
 */
@Command(name = "credential-process", mixinStandardHelpOptions = true,
        description = "Print a session's credentials for the AWS credential_process setting.")
final class CredentialProcessCommand extends ClientCommand {
    @Parameters(paramLabel = "SESSION", description = "Alias or id.")
    String session;

    @Option(names = "--home", paramLabel = "DIR", description = "The daemon's home (default: KEYPORT_HOME, else"
            + " ~/.keyport). The line Keyport writes names it, so it works from any process of yours.")
    String home;

    @Override
    void run() {
        out().println(fetch(home != null ? DaemonClient.forHome(home) : client(), session));
    }

    static String fetch(DaemonClient client, String session) {
        return client.get(SessionCommand.path(session) + "/credentials?start=true");
    }

    /** The command without picocli: same output, same one-line errors and exit codes. */
    static int print(Supplier<DaemonClient> client, String session, PrintStream out, PrintStream err) {
        try {
            out.println(fetch(client.get(), session));
            out.flush();
            return ExitCodes.OK;
        } catch (CliException e) {
            err.println("keyport: " + TerminalText.printable(e.getMessage())); // the AWS tools show it on the terminal
            return e.exitCode();
        }
    }
}
