package dev.keyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyport.cli.KeyportMain;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the {@code keyport} command line (module cli) in-process against a daemon under test, capturing what it prints. */
public final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;

    /** One run: exit code and what it printed. */
    public record Run(int exitCode, String out, String err) {
        public JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    /** @param home the daemon's KEYPORT_HOME (where its socket and API token are) */
    public CliRunner(Path home) {
        this.home = home;
    }

    public Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KeyportMain.run(home, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
