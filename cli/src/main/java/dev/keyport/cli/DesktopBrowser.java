package dev.keyport.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Opens a page in the person's default browser with the desktop's "open this" program. What is opened is always a
 * private file the daemon wrote (a secret URL given as an argument would be readable by every local user in the
 * process table), and it is an argument, never passed through a shell.
 */
final class DesktopBrowser {
    private DesktopBrowser() {
    }

    /** Opens {@code url}; {@code fallback} says what to do instead when no browser could be opened. */
    static void open(String url, String fallback) throws InterruptedException {
        List<String> opener = openerCommand(url);
        Process p;
        try {
            p = new ProcessBuilder(opener).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Could not start " + opener.get(0) + " to open the"
                    + " browser; " + fallback);
        }
        if (p.waitFor() != 0) {
            throw new CliException(ExitCodes.UNAVAILABLE, opener.get(0) + " could not open a browser; " + fallback);
        }
    }

    /** The desktop's "open this" program; what to open is an argument, never passed through a shell. */
    static List<String> openerCommand(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return List.of("open", url);
        }
        if (os.contains("win")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        return List.of("xdg-open", url);
    }
}
