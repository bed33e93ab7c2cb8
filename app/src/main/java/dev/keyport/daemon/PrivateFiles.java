package dev.keyport.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes Keyport's own state files (sessions, API token) so that a crash never leaves one truncated: a 0600 temp
 * file in the same directory, fsync, atomic rename, fsync of the directory. The AWS files, which other programs
 * also write, go through the credentials writer's locked updater instead.
 */
public final class PrivateFiles {
    /** The largest single write: what the JDK's per-thread temporary direct buffer grows to. */
    private static final int WRITE_SLICE = 64 * 1024;

    /** Ends the name of every temp file this class writes ({@code .NAME.tmp}); a crashed run may leave one. */
    public static final String TEMP_SUFFIX = ".tmp";

    private PrivateFiles() {
    }

    /** Replaces {@code file} with {@code content}; on failure the old file is intact and no temp file is left. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + TEMP_SUFFIX);
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // In slices: the JDK copies a heap buffer into a temporary direct buffer as large as the write and keeps
                // one per thread, so whole files written once by each of many request threads held tens of MiB of native
                // memory after a burst of starts (docs/performance.md).
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    buffer.limit(Math.min(buffer.position() + WRITE_SLICE, content.length));
                    channel.write(buffer);
                    buffer.limit(content.length);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(file.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }
}
