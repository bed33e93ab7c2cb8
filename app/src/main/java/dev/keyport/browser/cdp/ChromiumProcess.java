package dev.keyport.browser.cdp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A running browser started by {@link ChromiumLauncher}, with its DevTools {@linkplain #connection() connection}.
 *
 * <p>{@link #close()} always leaves no browser process behind: Chromium forks a zygote, renderers, a GPU and a
 * network process, and when the main process dies abruptly those are re-parented to init and stop being our
 * {@linkplain ProcessHandle#descendants() descendants}. So close also looks for processes started after this launch
 * whose command line carries this launch's exact {@code --user-data-dir=} flag (Chromium passes it to every child)
 * or a path inside the profile (crash handlers started by dying helpers, when HOME is isolated).
 */
public final class ChromiumProcess implements AutoCloseable {

    private static final Duration GRACEFUL_EXIT = Duration.ofSeconds(5);
    private static final Duration TERM_WAIT = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    /** After the main process exits, the reader normally sees end-of-pipe at once; this only covers stray fds. */
    private static final Duration EXIT_TO_END_DELAY = Duration.ofMillis(500);
    private static final int STDERR_LINES = 20;

    private final Process process;
    private final List<String> arguments;
    private final Path userDataDir;
    private final String profileFlag;
    /** Helpers of this launch start no earlier than this (the main process's start, per /proc). */
    private final Instant notBefore;
    private final CdpConnection connection;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private boolean closed;

    ChromiumProcess(Process process, List<String> arguments, Path userDataDir, Instant launchedAt) {
        this.process = process;
        this.arguments = List.copyOf(arguments);
        this.userDataDir = userDataDir;
        this.profileFlag = "--user-data-dir=" + userDataDir;
        this.notBefore = process.toHandle().info().startInstant().orElse(launchedAt.minusSeconds(1));
        this.connection = CdpConnection.open(process.getInputStream(), process.getOutputStream(),
                "cdp-" + process.pid());
        Thread drain = new Thread(this::drainStderr, "cdp-" + process.pid() + "-stderr");
        drain.setDaemon(true);
        drain.start();
        // Backup for the reader's end-of-pipe: should anything else hold fd 4 open, pending commands still fail.
        process.onExit().thenRunAsync(() -> connection.end("the browser process exited"),
                CompletableFuture.delayedExecutor(EXIT_TO_END_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The DevTools connection over the pipe. */
    public CdpConnection connection() {
        return connection;
    }

    /** The browser's main process id (the {@code sh} trampoline {@code exec}s into it). */
    public long pid() {
        return process.pid();
    }

    /** Whether the main browser process is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the main browser process ends (for any reason). */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** The browser arguments it was started with (no executable, no trampoline). */
    public List<String> arguments() {
        return arguments;
    }

    /** The main process and its current descendants. */
    public List<ProcessHandle> processTree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).collect(Collectors.toList());
    }

    /**
     * The last lines Chromium wrote to stderr, joined by " | ", for error messages. Debian's wrapper noise
     * ({@code [: N: unexpected operator}) is left out; nothing here is treated as an error by itself.
     */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join(" | ", stderrTail);
        }
    }

    /**
     * Closes the browser: {@code Browser.close} over DevTools, a bounded wait for the exit, then SIGTERM and finally
     * SIGKILL to whatever is left of the browser's processes. Idempotent. Usually well under a second after a
     * clean exit; bounded (about 20 s) when processes resist.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Snapshot before the main process exits: afterwards its children are no longer descendants.
        Set<ProcessHandle> tree = new LinkedHashSet<>(processTree());
        if (process.isAlive() && !connection.isClosed()) {
            // Not waiting for the answer: Chromium may exit before sending it.
            connection.send("Browser.close", null);
            await(process.onExit(), GRACEFUL_EXIT);
        }
        connection.end("browser closed by Keyport");
        tree.addAll(process.descendants().collect(Collectors.toList()));
        tree.addAll(profileProcesses());
        terminate(tree);
        // After an abrupt end, dying helpers start crash handlers (double-forked, so never our descendants) that
        // the scan above may have missed. Once every known process is gone nothing of ours can spawn more, so a
        // few rescans catch the stragglers.
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> left = profileProcesses();
            if (left.isEmpty()) {
                break;
            }
            tree.addAll(left);
            terminate(new LinkedHashSet<>(left));
        }
        if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
            removeStaleSingleton();
        }
    }

    /**
     * After a crash or kill, Chromium leaves its profile lock ({@code SingletonLock -> host-pid}) and a socket
     * folder under $TMPDIR ({@code SingletonSocket -> /tmp/org.chromium.Chromium.XXXXXX/SingletonSocket}). A stale
     * lock whose pid got reused makes the next launch on this profile think the profile is in use, and the temp
     * folders pile up; a clean exit removes both itself, so this only acts when they are still there.
     */
    private void removeStaleSingleton() {
        try {
            Path socketLink = userDataDir.resolve("SingletonSocket");
            if (Files.isSymbolicLink(socketLink)) {
                Path target = Files.readSymbolicLink(socketLink);
                Path dir = target.getParent();
                if (target.isAbsolute() && dir != null && target.getFileName().toString().equals("SingletonSocket")) {
                    Files.deleteIfExists(target);
                    Files.deleteIfExists(dir.resolve("SingletonCookie"));
                    try (Stream<Path> rest = Files.list(dir)) {
                        if (rest.findAny().isEmpty()) {
                            Files.delete(dir);
                        }
                    }
                }
            }
            for (String name : List.of("SingletonSocket", "SingletonCookie", "SingletonLock")) {
                Files.deleteIfExists(userDataDir.resolve(name));
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: Chromium copes with stale singleton files in most cases.
        }
    }

    /**
     * Processes started since this launch whose command line names this profile: its exact {@code --user-data-dir}
     * flag, or a path inside it (the crash handler's {@code --database=<profile>/.keyport-home/...}). Start times
     * are compared with the main process's, read from the same /proc clock, not with {@link Instant#now()}: /proc
     * times derive from a boot time with whole-second precision.
     */
    private List<ProcessHandle> profileProcesses() {
        String inside = userDataDir + java.io.File.separator;
        return ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().startInstant().map(s -> !s.isBefore(notBefore)).orElse(false))
                .filter(h -> h.info().arguments()
                        .map(args -> Arrays.stream(args).anyMatch(a -> a.equals(profileFlag) || a.contains(inside)))
                        .orElse(false))
                .collect(Collectors.toList());
    }

    private static void terminate(Set<ProcessHandle> handles) {
        List<ProcessHandle> alive = handles.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        if (alive.isEmpty()) {
            return;
        }
        alive.forEach(ProcessHandle::destroy);
        if (awaitAll(alive, TERM_WAIT)) {
            return;
        }
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitAll(alive, KILL_WAIT);
    }

    private static boolean awaitAll(List<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        return await(CompletableFuture.allOf(exits), timeout);
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            // Keep closing (the processes must go), but let the caller see the interrupt.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || (line.startsWith("[: ") && line.endsWith("unexpected operator"))) {
                    continue;
                }
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                }
            }
        } catch (IOException e) {
            // The process is gone; nothing more to read.
        }
    }
}
