package dev.keyport.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real X display for tests that must see windows (Debian's Xvfb, with no window manager) and a window monitor on it
 * ({@code xev} on the root window): every top-level window mapped on the display is counted, so a test can assert
 * that a silent sign-in maps none. {@code xdotool} finds windows and types into them as a person would.
 */
public final class XDisplay implements AutoCloseable {
    private final Process xvfb;
    private final Process monitor;
    private final String display;
    private final List<String> mapped = new ArrayList<>();
    private int probes;

    private XDisplay(Process xvfb, String display) throws Exception {
        this.xvfb = xvfb;
        this.display = display;
        // Top-level windows are the root's children: SubstructureNotify reports each MapNotify on it.
        this.monitor = command("xev", "-root", "-event", "substructure").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String previous = "";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    // "MapNotify event, serial 18, ..." then "    event 0x..., window 0x..., override NO"
                    if (previous.startsWith("MapNotify event") && line.contains("override NO")) {
                        synchronized (mapped) {
                            mapped.add(line.strip());
                            mapped.notifyAll();
                        }
                    }
                    previous = line;
                }
            } catch (IOException ignored) {
                // the monitor ended
            }
        }, "x-window-monitor");
        reader.setDaemon(true);
        reader.start();
        probe(); // the monitor is listening once it has seen a window of ours
    }

    /** Starts Xvfb on a free display number and waits until it accepts clients. */
    public static XDisplay start() throws Exception {
        // -displayfd: Xvfb picks a free display and writes its number once it is ready for clients.
        Process xvfb;
        try {
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("Xvfb is missing: apt-get install xvfb x11-utils xdotool (bash"
                    + " .ci/install-test-deps does)", e);
        }
        String number = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (number == null || !number.strip().matches("\\d+")) {
            xvfb.destroyForcibly();
            throw new IllegalStateException("Xvfb did not start (apt-get install xvfb x11-utils xdotool)");
        }
        return new XDisplay(xvfb, ":" + number.strip());
    }

    /** {@code :N}, for DISPLAY. */
    public String display() {
        return display;
    }

    /**
     * Top-level windows mapped so far by anything but this class's probes. Exact at the moment it returns: a probe
     * window is mapped first and waited for, and the X server reports maps in order.
     */
    public int windowsMapped() throws Exception {
        probe();
        synchronized (mapped) {
            return mapped.size() - probes;
        }
    }

    /**
     * Maps a window of its own (xmessage) and waits until the monitor has seen it. The first ones may go unseen while
     * xev is still subscribing; each attempt is a new window, waited for a while, until one is seen.
     */
    private void probe() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int before;
            synchronized (mapped) {
                before = mapped.size();
            }
            Process window = command("xmessage", "-geometry", "+0+0", "probe").redirectErrorStream(true).start();
            try {
                long attempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                synchronized (mapped) {
                    while (mapped.size() == before && System.nanoTime() < attempt) {
                        mapped.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(attempt - System.nanoTime())));
                    }
                    if (mapped.size() > before) {
                        probes++;
                        return;
                    }
                }
            } finally {
                window.destroy();
                window.waitFor(10, TimeUnit.SECONDS);
            }
        }
        throw new IllegalStateException("the window monitor saw no window on " + display);
    }

    /** Runs an X client ({@code xdotool ...}) on this display; its standard output. */
    public String run(String... command) throws Exception {
        java.nio.file.Path output = java.nio.file.Files.createTempFile("x-client", ".txt");
        Process p = command(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS); // a search --sync for a window that never comes
        String out = java.nio.file.Files.readString(output);
        java.nio.file.Files.delete(output);
        if (!finished) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private ProcessBuilder command(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("DISPLAY", display);
        return builder;
    }

    @Override
    public void close() throws InterruptedException {
        monitor.destroy();
        xvfb.destroy();
        xvfb.waitFor(10, TimeUnit.SECONDS);
    }
}
