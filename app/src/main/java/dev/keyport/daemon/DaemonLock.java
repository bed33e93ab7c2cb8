package dev.keyport.daemon;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon per KEYPORT_HOME: two daemons sharing a session file and the AWS profiles would undo each other's work.
 * Held (an OS lock on {@code $KEYPORT_HOME/daemon.lock}, which also records the holder's pid) for the daemon's life,
 * taken by {@link DaemonStartup} before the daemon touches anything in the home.
 */
@Singleton
public class DaemonLock {
    static final String FILE_NAME = "daemon.lock";

    private final KeyportHome home;
    private FileChannel channel;
    private FileLock lock;

    public DaemonLock(KeyportHome home) {
        this.home = home;
    }

    /** @throws AlreadyRunningException when another daemon holds this home */
    synchronized void acquire() {
        if (lock != null) {
            return;
        }
        Path file = home.resolve(FILE_NAME);
        try {
            replaceIfOthersCanOpen(file);
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
                channel.close();
                channel = null;
                throw new AlreadyRunningException("Another Keyport daemon" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + " is already running with KEYPORT_HOME=" + home.dir() + ". Stop it, or set KEYPORT_HOME to"
                        + " another directory.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void release() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        } finally {
            lock = null;
            channel = null;
        }
    }

    /**
     * A lock file other users can open (made by an older build, or by hand) lets any of them hold a lock on it and so
     * keep this daemon from starting. It is removed and made afresh, private; a process holding the old one keeps a
     * lock on a file no one looks at any more.
     */
    private static void replaceIfOthersCanOpen(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Ownership.supported(file)
                && (Ownership.accessibleByOthers(file) || !Ownership.ownedByUserOrRoot(file)
                || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            Files.delete(file);
        }
    }

    /**
     * Whether a daemon holds {@code home}'s lock now, as a sentence naming its pid and port; read before start-up
     * creates anything, so a second daemon says so in one line and leaves no file behind. Only a home this user owns
     * and no one else may write to is looked at (start-up refuses any other), and the lock file is never created or
     * followed through a link here. {@link #acquire()} stays the real guard: this is a courtesy check.
     */
    static Optional<String> runningDaemon(Path home) {
        Path file = home.resolve(FILE_NAME);
        try {
            // A lock file others can open proves nothing (anyone may hold it): acquire() replaces it.
            if (Ownership.untrustedFolder(home, "Keyport's home").isPresent() || !Files.isRegularFile(file,
                    LinkOption.NOFOLLOW_LINKS) || (Ownership.supported(file) && Ownership.accessibleByOthers(file))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        try (FileChannel probe = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock free = probe.tryLock();
            if (free != null) {
                free.release();
                return Optional.empty();
            }
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            Matcher m = Pattern.compile("\"port\"\\s*:\\s*(\\d+)").matcher(record(home.resolve(HomeLayout.RECORD)));
            String port = m.find() ? m.group(1) : "";
            return Optional.of("Another Keyport daemon" + (pid.matches("\\d+") ? " (pid " + pid + ")" : "")
                    + " is already running with KEYPORT_HOME=" + home + (port.isEmpty() ? "" : ", on port " + port)
                    + ". Stop it first, or give this one another KEYPORT_HOME.");
        } catch (OverlappingFileLockException | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The first few hundred bytes of the running daemon's record, or "" when there is none to read: never through a
     * link, never from anything but a regular file (a FIFO would block the start), never more than a record holds.
     */
    private static String record(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer head = ByteBuffer.allocate(512);
            in.read(head);
            return new String(head.array(), 0, head.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Start-up is refused: another daemon owns this KEYPORT_HOME. */
    public static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String message) {
            super(message, null, false, false);
        }
    }
}
