package dev.keyport.cli;

import dev.keyport.api.model.ConsolePage;
import dev.keyport.api.model.ConsoleUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code keyport console SESSION [--print]}: signs in to the AWS console with the session's credentials, in the
 * default browser (through a private page that forwards to the sign-in URL), or prints the sign-in URL. The URL grants
 * console access for its duration to whoever has it.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Open the AWS console signed in as the session (or print the URL).")
final class ConsoleCommand extends ClientCommand {
    @Parameters(paramLabel = "SESSION", description = "Alias or id.")
    String session;

    @Option(names = "--print", description = "Print the sign-in URL instead of opening it. It is a secret: anyone"
            + " with it is signed in until the console session ends.")
    boolean print;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Console session length, 900-43200 (default: the daemon's keyport.console.session-duration).")
    Integer duration;

    @Override
    void run() throws IOException, InterruptedException {
        String query = duration == null ? "" : "?durationSeconds=" + duration;
        if (print) {
            ConsoleUrl answer = Json.read(client().post(SessionCommand.path(session) + "/console" + query, null),
                    ConsoleUrl.class);
            out().println(answer.url());
            return;
        }
        // The sign-in URL is a secret: the browser gets a private page that forwards to it, never the URL itself as
        // an argument (every local user can read a process's arguments).
        ConsolePage answer = Json.read(client().post(SessionCommand.path(session) + "/console-page" + query, null),
                ConsolePage.class);
        DesktopBrowser.open(Path.of(answer.page()).toUri().toString(), "use --print and open the URL yourself.");
        out().println("Opened the AWS console for session '" + session + "' in your browser.");
    }

}
