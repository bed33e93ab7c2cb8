package dev.keyport.writer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Clean-up after a writer that was killed mid-write (kill -9, power loss): the temp files it left next to a target.
 * A crash never damages the target itself (it is only ever replaced by a rename), but each temp file holds a full
 * copy of the new content, secrets included, so they should not linger.
 */
final class StrayTempFiles {

    /** Logs under the updater's name, as before these parts were split out of it. */
    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());

    private StrayTempFiles() {
    }

    /**
     * Removes the temp files next to {@code file}: only Keyport's naming ({@code .NAME.<random>.keyport-tmp}), only
     * the user's own regular files. Runs under the file's lock (taken with {@code locks}), so no live writer's temp
     * file is touched; the lock sidecar is made private again if it is not. Returns the files removed.
     */
    static List<Path> remove(Path file, TargetLocks locks) {
        Path target = TargetPaths.resolve(file);
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        Deque<AutoCloseable> held = new ArrayDeque<>();
        try {
            locks.acquire(target, file, held);
            TargetLocks.tightenSidecar(target);
            String prefix = "." + target.getFileName() + ".";
            String suffix = AtomicFileWrites.TEMP_SUFFIX;
            try (var entries = Files.newDirectoryStream(target.getParent(), prefix + "*" + suffix)) {
                for (Path p : entries) {
                    String middle = p.getFileName().toString();
                    middle = middle.substring(prefix.length(), middle.length() - suffix.length());
                    // Files.createTempFile puts a number there; anything else is not one of ours.
                    if (middle.matches("-?\\d+") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && FilePermissions.ownedByCurrentUser(p)) {
                        Files.delete(p);
                        removed.add(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not look for stray temporary files next to " + file + ": "
                    + e);
        } finally {
            TargetLocks.release(held);
        }
        return removed;
    }
}
