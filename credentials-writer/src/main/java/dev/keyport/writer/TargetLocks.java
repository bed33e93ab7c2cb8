package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that serialises Keyport's writers of one real file: an in-JVM lock per path plus an OS advisory lock on a
 * sidecar file {@code .<name>.keyport-lock} next to it. Both are needed: {@link FileChannel#lock()} is per process and
 * throws {@link java.nio.channels.OverlappingFileLockException} when two threads of one JVM ask for it, and the in-JVM
 * lock alone would not keep out a second Keyport process.
 *
 * <p>What has been acquired is pushed onto a caller's stack, so that {@link #release} undoes exactly that, in reverse
 * order, also after a failure halfway through acquiring.
 */
final class TargetLocks {

    /** Logs under the updater's name, as before these parts were split out of it. */
    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());
    /** Shared by every updater in the JVM: the OS lock would not keep two of them apart. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Duration timeout;

    /** Locks that wait up to {@code timeout} for another writer, then fail with UNAVAILABLE. */
    TargetLocks(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Takes both locks on {@code target} (a resolved path), pushing each onto {@code held} as soon as it is taken.
     *
     * @param shownAs the file as the user named it, for messages
     */
    void acquire(Path target, Path shownAs, Deque<AutoCloseable> held) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, t -> new ReentrantLock());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(shownAs);
            }
            held.push(jvmLock::unlock);
            Path lockFile = lockFileOf(target);
            FileChannel channel = FileChannel.open(lockFile,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    FilePermissions.ownerOnly(lockFile, FilePermissions.OWNER_RW));
            held.push(channel);
            FileLock lock;
            // Polling instead of lock(): a peer that hangs while holding the lock must not hang Keyport forever.
            while ((lock = channel.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw busy(shownAs);
                }
                Thread.sleep(20);
            }
            held.push(lock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Interrupted while waiting to update " + shownAs, e);
        } catch (IOException e) {
            throw FileErrors.unavailable("Could not lock", shownAs, e);
        }
    }

    /** Releases everything in {@code held}, newest first; a lock that will not release is logged, not thrown. */
    static void release(Deque<AutoCloseable> held) {
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Could not release a file lock: " + e);
            }
        }
    }

    /**
     * Sets the lock sidecar of {@code target} back to 0600 if it is not. It holds no secret, but others who can open
     * it for writing can hold the lock and stall Keyport's writes.
     */
    static void tightenSidecar(Path target) throws IOException {
        Path lockFile = lockFileOf(target);
        if (FilePermissions.isPosix(lockFile) && Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)
                && !Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS)
                        .equals(FilePermissions.OWNER_RW)) {
            FilePermissions.setPermissions(lockFile, FilePermissions.OWNER_RW);
            LOG.log(System.Logger.Level.INFO, "Made the lock file " + lockFile + " private again (0600)");
        }
    }

    private static Path lockFileOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".keyport-lock");
    }

    private KeyportException busy(Path file) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "Another program has held the Keyport lock on " + file
                + " for more than " + timeout.toSeconds() + " s; nothing was written. Try again later.");
    }
}
