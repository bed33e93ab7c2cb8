package dev.keyport.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting on what a program prints, woken by each line: a condition, not a sleep. */
public final class ProcessOutput {
    private ProcessOutput() {
    }

    /**
     * Reads {@code output} until a line matches {@code until} and returns everything read by then; fails after two
     * minutes, or when the output ends first. Reading goes on afterwards, so a program that keeps writing (a daemon's
     * log) never blocks on a full pipe.
     */
    public static String readUntil(InputStream output, Pattern until) throws Exception {
        StringBuffer seen = new StringBuffer();
        CompletableFuture<Boolean> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.append(line).append('\n');
                    if (until.matcher(line).find()) {
                        found.complete(true);
                    }
                }
            } catch (IOException e) {
                // the program ended
            } finally {
                found.complete(false);
            }
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(found.get(120, TimeUnit.SECONDS), "never printed " + until + ":\n" + seen);
        return seen.toString();
    }
}
