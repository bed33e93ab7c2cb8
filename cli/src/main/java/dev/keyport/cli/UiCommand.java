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

    @Option(names = "--sign-out-all", description = "Sign every browser out of the page, and make every link not yet"
            + " used worthless (if a link or a browser profile may have been seen by someone else).")
    boolean signOutAll;

    @Override
    void run() throws IOException, InterruptedException {
        if (signOutAll) {
            int ended = Json.read(client().post("/api/v1/ui/sign-out-all", null), java.util.Map.class)
                    .get("ended") instanceof Number n ? n.intValue() : 0;
            out().println("Signed " + ended + " browser(s) out of Keyport's page; links not yet used no longer work.");
            return;
        }
        if (print) {
            UiLink link = Json.read(client().post("/api/v1/ui/links?page=false", null), UiLink.class);
            out().println(link.url());
            return;
        }
        UiLink link = Json.read(client().post("/api/v1/ui/links", null), UiLink.class);
        DesktopBrowser.open(Path.of(link.page()).toUri().toString(), "run 'keyport ui --print' and open the link"
                + " yourself.");
        out().println("Opened Keyport's page in your browser.");
    }
}
