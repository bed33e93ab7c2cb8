package dev.keyport.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged daemon and CLI as a user runs them: {@code ./keyport daemon} and {@code ./keyport ...} as separate
 * processes (for the integration tier, after {@code package}). The daemon's output is collected; it counts as ready
 * when it says where it listens.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int port = -1;

    private DaemonProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (log) {
                        log.append(line).append('\n');
                        log.notifyAll();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                ready.countDown();
            }
        }, "daemon-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The repository's {@code ./keyport} launcher, found from the module directory upwards. */
    public static Path launcher() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("keyport")) && Files.isDirectory(d.resolve("app"))) {
                if (!Files.isRegularFile(d.resolve("app/target/quarkus-app/quarkus-run.jar"))) {
                    throw new IllegalStateException("The daemon is not packaged: the integration tests run after"
                            + " 'package' (./mvnw -B verify).");
                }
                return d.resolve("keyport");
            }
        }
        throw new IllegalStateException("./keyport not found above " + Path.of("").toAbsolutePath());
    }

    /** The environment every Keyport process of a test gets: its home, its AWS files, no class-data archive. */
    public static Map<String, String> environment(Path home, Path awsDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", home.getParent().toString());
        env.put("KEYPORT_HOME", home.toString());
        env.put("KEYPORT_CDS", "off");
        env.put("KEYPORT_AWS_CREDENTIALS_FILE", awsDir.resolve("credentials").toString());
        env.put("KEYPORT_AWS_CONFIG_FILE", awsDir.resolve("config").toString());
        env.putAll(extra);
        return env;
    }

    /** Starts {@code ./keyport daemon}, optionally through {@code prefix} (e.g. to run as another user). */
    public static DaemonProcess start(List<String> prefix, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", launcher().toString(), "daemon"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return new DaemonProcess(builder.start());
    }

    /**
     * Waits until the daemon listens (true) or has exited (false); fails after a minute. A condition, not a sleep:
     * it returns as soon as the daemon says either.
     */
    public boolean awaitReady() throws InterruptedException {
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The daemon did not start within a minute:\n" + log);
        }
        return port > 0;
    }

    /** Waits for the daemon to exit by itself (a refused start); its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The daemon did not exit:\n" + log);
        }
        return process.exitValue();
    }

    public int port() {
        return port;
    }

    /** Waits until the daemon has logged {@code fragment} (woken by each new line); fails after 30 s. */
    public void awaitLog(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (log) {
            while (log.indexOf(fragment) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("The daemon never logged '" + fragment + "':\n" + log);
                }
                log.wait(left);
            }
        }
    }

    public String log() {
        return log.toString();
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the orderly stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** What a CLI run printed. */
    public record CliRun(int exitCode, String out, String err) {
    }

    /** Runs {@code ./keyport args} (a client command) with {@code env}, optionally through {@code prefix}. */
    public static CliRun cli(List<String> prefix, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("keyport-cli-out", ".txt");
        Path err = Files.createTempFile("keyport-cli-err", ".txt");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keyport " + String.join(" ", args) + " did not finish");
            }
            return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
