package dev.keyport.browser.cdp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a Chromium-family browser (Chromium, Chrome, Edge, Brave) driven over {@code --remote-debugging-pipe}.
 *
 * <p>The pipe transport is used instead of {@code --remote-debugging-port} because a DevTools TCP port, even on
 * loopback, lets any local process (or a DNS-rebinding web page) drive the browser and read the SAML response.
 * Chromium reads commands from its fd 3 and writes messages to its fd 4. {@link ProcessBuilder} can only wire fds
 * 0–2, so the browser is started through {@code /bin/sh}, which moves our stdin/stdout pipes to 3/4:
 * <pre>sh -c 'exec "$0" "$@" 3&lt;&amp;0 4&gt;&amp;1 0&lt;/dev/null 1&gt;/dev/null' chromium args...</pre>
 * {@code exec} keeps the process id, so the process we hold is the browser itself (Debian's wrapper script also
 * {@code exec}s the real binary).
 *
 * <p>Not thread-safe while being configured; {@link #launch()} may be called several times (with different
 * profile directories, as a running profile is locked by Chromium).
 */
public final class ChromiumLauncher {

    /** The flags every launch gets, besides the pipe, profile and headless ones; each says why next to it. */
    private static final List<String> BASE_FLAGS = List.of(
            "--no-first-run",
            "--no-default-browser-check",
            // No component updater, sync, Safe Browsing list downloads etc.: nothing but the IdP should be contacted.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-quic",
            // Never prompt for or touch the desktop keyring (a prompt would hang a headless login).
            "--password-store=basic",
            "--use-mock-keychain");

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private final Path executable;
    private final Path userDataDir;
    private boolean headless;
    private boolean isolateHome = true;
    private List<String> extraArgs = List.of();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    /**
     * @param executable  the browser binary or wrapper script, e.g. {@code /usr/bin/chromium}
     * @param userDataDir the profile directory (created if missing); Chromium locks it while running
     */
    public ChromiumLauncher(Path executable, Path userDataDir) {
        this.executable = Objects.requireNonNull(executable);
        this.userDataDir = Objects.requireNonNull(userDataDir).toAbsolutePath().normalize();
    }

    /** Runs without a window ({@code --headless}). Default: a visible window. */
    public ChromiumLauncher headless(boolean value) {
        this.headless = value;
        return this;
    }

    /**
     * Whether HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME point into the profile directory (default {@code true}).
     * Chromium writes under {@code $HOME/.config} and {@code $HOME/.cache} even with {@code --user-data-dir}; keeping
     * them inside the profile means a login leaves nothing in the user's home. The price: per-user NSS client
     * certificates ({@code ~/.pki/nssdb}) and fontconfig settings are not seen.
     */
    public ChromiumLauncher isolateHome(boolean value) {
        this.isolateHome = value;
        return this;
    }

    /**
     * Extra browser flags, added after the standard ones (e.g. {@code --host-resolver-rules=...} in tests).
     *
     * @throws IllegalArgumentException for {@code --remote-debugging-port/-address} (would open a TCP port) or
     *                                  {@code --user-data-dir} (given to the constructor)
     */
    public ChromiumLauncher extraArgs(List<String> args) {
        for (String a : args) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.startsWith("--remote-debugging-port") || lower.startsWith("--remote-debugging-address")) {
                throw new IllegalArgumentException("a DevTools TCP port is never allowed: " + a);
            }
            if (lower.startsWith("--user-data-dir")) {
                throw new IllegalArgumentException("the profile directory is set by the launcher");
            }
        }
        this.extraArgs = List.copyOf(args);
        return this;
    }

    /** How long the browser may take to answer its first command. Default 30 s (cold start on a busy machine). */
    public ChromiumLauncher startTimeout(Duration value) {
        this.startTimeout = Objects.requireNonNull(value);
        return this;
    }

    /** The profile directory (absolute). */
    public Path userDataDir() {
        return userDataDir;
    }

    /** The browser's arguments (without the executable and the {@code sh} trampoline), for logs and tests. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add("--remote-debugging-pipe");
        args.add("--user-data-dir=" + userDataDir);
        args.addAll(BASE_FLAGS);
        if (runningAsRoot()) {
            // Chromium refuses to start as root with its sandbox on; only then is it turned off.
            args.add("--no-sandbox");
        }
        if (headless) {
            args.add("--headless");
        }
        args.addAll(extraArgs);
        // Last, and not a flag: Debian's wrapper stops parsing its own options at the first non-flag.
        args.add("about:blank");
        return args;
    }

    /**
     * Starts the browser and waits (at most the start timeout) until it answers {@code Browser.getVersion}.
     *
     * @throws IOException when the executable is missing, or the browser exits or stays silent; the message
     *                     includes the last lines Chromium wrote to stderr
     */
    public ChromiumProcess launch() throws IOException {
        if (!Files.isExecutable(executable)) {
            throw new IOException("browser executable not found or not executable: " + executable);
        }
        Files.createDirectories(userDataDir);
        List<String> browserArgs = arguments();
        List<String> command = new ArrayList<>();
        command.add("/bin/sh");
        command.add("-c");
        command.add("exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>/dev/null");
        command.add(executable.toString());
        command.addAll(browserArgs);

        ProcessBuilder pb = new ProcessBuilder(command);
        if (isolateHome) {
            Path home = userDataDir.resolve(".keyport-home");
            Files.createDirectories(home.resolve(".config"));
            Files.createDirectories(home.resolve(".cache"));
            Map<String, String> env = pb.environment();
            env.put("HOME", home.toString());
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        }
        Instant launchedAt = Instant.now();
        Process process = pb.start();
        ChromiumProcess browser;
        try {
            browser = new ChromiumProcess(process, browserArgs, userDataDir, launchedAt);
        } catch (RuntimeException | Error e) {
            // Without a connection nobody could ever close this browser.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        try {
            browser.connection().send("Browser.getVersion", null)
                    .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return browser;
        } catch (ExecutionException | TimeoutException e) {
            browser.close();
            String why = e instanceof TimeoutException ? "no answer within " + startTimeout
                    : String.valueOf(e.getCause().getMessage());
            throw new IOException("browser did not start (" + why + ")" + stderrSuffix(browser), e);
        } catch (InterruptedException e) {
            browser.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the browser", e);
        }
    }

    private static String stderrSuffix(ChromiumProcess browser) {
        String tail = browser.stderrTail();
        return tail.isEmpty() ? "" : "; stderr: " + tail;
    }

    /**
     * Chromium decides on the effective uid; /proc/self/status has it on Linux, the user name is the fallback
     * elsewhere (macOS has no /proc, and nobody runs a desktop browser as root there).
     */
    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux or /proc not mounted.
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
