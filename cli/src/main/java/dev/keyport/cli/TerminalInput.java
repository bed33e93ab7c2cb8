package dev.keyport.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * What the person types: on a terminal through {@link Console} (a secret without echo), else line by line from
 * standard input (a script piping its answers). End of input gives null.
 */
final class TerminalInput {
    private final PrintWriter err;
    private final Console console;
    private BufferedReader lines;

    TerminalInput(PrintWriter err) {
        this.err = err;
        this.console = terminal();
    }

    /** A line of text, shown as typed. */
    String line(String prompt) {
        if (console != null) {
            err.flush();
            return console.readLine("%s", prompt);
        }
        return fromStdin(prompt);
    }

    /** A secret, not echoed on a terminal. */
    char[] secret(String prompt) {
        if (console != null) {
            err.flush();
            return console.readPassword("%s", prompt);
        }
        String line = fromStdin(prompt);
        return line == null ? null : line.toCharArray();
    }

    private String fromStdin(String prompt) {
        err.print(prompt);
        err.flush();
        try {
            if (lines == null) {
                lines = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            }
            String line = lines.readLine();
            // Piped input is not echoed: end the prompt's line, so that what follows does not run on after it.
            err.println();
            err.flush();
            return line;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The console when standard input and output are a terminal. From JDK 22, {@link System#console()} answers even
     * when they are not; {@code Console.isTerminal()} (asked by reflection: the CLI is built for 17) tells then.
     */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // JDK 17 to 21: a console is a terminal
        }
    }
}
