package dev.keyport.cli;

import dev.keyport.api.model.UiLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code keyport ui [--print]}: opens the daemon's web page in the default browser, signed in through a one-time link
 * (handed to the browser through a private page, so the link never appears in a process's arguments), or prints the
 * link.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Open Keyport's page in your browser, signed in.",
                "The page shows every session, starts and stops them, and adds, edits and discovers them. Each link"
                        + " works once, within two minutes, in the browser that opens it first."})
final class UiCommand extends ClientCommand {
    @Option(names = "--print", description = "Print the one-time link instead of opening it, to open it yourself."
            + " Whoever opens it first is signed in, so keep it to yourself.")
    boolean print;

    @Override
    void run() throws IOException, InterruptedException {
        UiLink link = Json.read(client().post("/api/v1/ui/links", null), UiLink.class);
        if (print) {
            out().println(link.url());
            return;
        }
        DesktopBrowser.open(Path.of(link.page()).toUri().toString(), "run 'keyport ui --print' and open the link"
                + " yourself.");
        out().println("Opened Keyport's page in your browser.");
    }
}
