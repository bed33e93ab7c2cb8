package dev.keyport.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Replacing a file so that readers see the old or the new content, never a partial one, and a crash loses neither:
 * the new content goes to a temp file in the same directory (a rename is only atomic within one file system), is
 * fsynced, then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}, and the directory is fsynced so
 * the rename itself survives a power loss. Also makes the directories a new file needs, owner-only.
 *
 * <p>Temp files are named {@code .NAME.<random>.keyport-tmp}, so a writer killed mid-write leaves something
 * {@link StrayTempFiles} can recognise as Keyport's and remove.
 */
final class AtomicFileWrites {
    /** The largest single write: what the JDK's per-thread temporary direct buffer grows to. */
    private static final int WRITE_SLICE = 64 * 1024;


    /** Ends the name of every temp file written next to a target: {@code .NAME.<random>.keyport-tmp}. */
    static final String TEMP_SUFFIX = ".keyport-tmp";

    /** Logs under the updater's name, as before these parts were split out of it. */
    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());

    private AtomicFileWrites() {
    }

    /**
     * Writes {@code bytes} to a new owner-only temp file next to {@code target} and fsyncs it. Returns the temp file;
     * the caller moves it into place or deletes it. On failure nothing is left behind.
     *
     * @param shownAs the file as the user named it, for messages
     */
    static Path writeTemp(Path target, byte[] bytes, Path shownAs) {
        Path dir = target.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX,
                    FilePermissions.ownerOnly(dir, FilePermissions.OWNER_RW));
            FilePermissions.setPermissions(temp, FilePermissions.OWNER_RW);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // In slices: the JDK copies a heap buffer into a temporary direct buffer as large as the write and keeps
                // one per thread, so whole files written once by each of many request threads held tens of MiB of native
                // memory after a burst of starts (docs/performance.md).
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    buffer.limit(Math.min(buffer.position() + WRITE_SLICE, bytes.length));
                    channel.write(buffer);
                    buffer.limit(bytes.length);
                }
                channel.force(true);
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw FileErrors.unavailable("Could not write a temporary file for", shownAs, e);
        }
    }

    /** Renames {@code temp} over {@code target} atomically, then makes the rename durable. */
    static void moveIntoPlace(Path temp, Path target, Path shownAs) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw FileErrors.unavailable("Could not replace", shownAs, e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Makes the rename durable; best effort, since some platforms cannot open a directory for syncing. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not fsync directory " + dir + ": " + e);
        }
    }

    /** Creates the missing parent directories of {@code target} with mode 0700, touching no directory that exists. */
    static void createParentDirectories(Path target, Path shownAs) {
        Path dir = target.getParent();
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d, FilePermissions.ownerOnly(d.getParent(), FilePermissions.OWNER_RWX));
                // The umask may have narrowed the mode; set it explicitly, but only on directories made here.
                FilePermissions.setPermissions(d, FilePermissions.OWNER_RWX);
            } catch (FileAlreadyExistsException e) {
                // Created concurrently by someone else: theirs, leave its mode alone.
            } catch (IOException e) {
                throw FileErrors.unavailable("Could not create the directory " + d + " for", shownAs, e);
            }
        }
    }

    /** Deletes a temp file if there is one; a failure is logged, since it must not hide the outcome of the write. */
    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete temporary file " + path + ": " + e);
        }
    }
}
