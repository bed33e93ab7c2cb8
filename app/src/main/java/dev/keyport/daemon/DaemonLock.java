package dev.keyport.daemon;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
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

    /** Start-up is refused: another daemon owns this KEYPORT_HOME. */
    public static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String message) {
            super(message, null, false, false);
        }
    }
}
