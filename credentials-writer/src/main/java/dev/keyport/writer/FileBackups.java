package dev.keyport.writer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The copies of a file kept before a destructive change: {@code <name>.keyport-backup-<UTC time>} next to the real
 * file, mode 0600, and their rotation. The name is the only record of a backup, so it is what recognises one, and its
 * time stamp is what orders them.
 */
final class FileBackups {

    /** Between a target's name and the time stamp in the name of its backups. */
    static final String BACKUP_INFIX = ".keyport-backup-";

    /** Logs under the updater's name, as before these parts were split out of it. */
    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private FileBackups() {
    }

    /**
     * Copies the current content of {@code file} (following symlinks) next to the real file. Returns the backup, or
     * empty if the file does not exist.
     */
    static Optional<Path> backup(Path file) {
        Path target = TargetPaths.resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FileErrors.unavailable("Could not back up", file, e);
        }
        String base = target.getFileName() + BACKUP_INFIX + BACKUP_STAMP.format(Instant.now());
        Path temp = null;
        try {
            // Written in full and fsynced under a temp name first, so a backup that exists is never a partial copy.
            temp = AtomicFileWrites.writeTemp(target, bytes, file);
            for (int n = 0; ; n++) {
                Path candidate = target.resolveSibling(n == 0 ? base : base + "-" + n);
                try {
                    // No REPLACE_EXISTING: two backups in the same second must not overwrite each other.
                    Files.move(temp, candidate);
                    temp = null;
                    AtomicFileWrites.fsyncDirectory(target.getParent());
                    LOG.log(System.Logger.Level.INFO, "Backed up " + file + " to " + candidate);
                    return Optional.of(candidate);
                } catch (FileAlreadyExistsException e) {
                    if (n > 1000) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw FileErrors.unavailable("Could not back up", file, e);
        } finally {
            AtomicFileWrites.deleteQuietly(temp);
        }
    }

    /** Whether {@code name} is the name of one of this target file's backups (and nothing else). */
    static boolean isBackupName(Path target, String name) {
        return name.matches(Pattern.quote(target.getFileName() + BACKUP_INFIX) + "\\d{8}T\\d{6}Z(-\\d{1,4})?");
    }

    /**
     * Deletes the oldest backups of {@code file} so that at most {@code keep} remain, never one named in
     * {@code inUse} (a section still points to it). Returns the backups deleted. Failures are logged, not thrown:
     * a backup too many must not undo the write it accompanies.
     */
    static List<Path> prune(Path file, int keep, Set<String> inUse) {
        Path target = TargetPaths.resolve(file);
        List<Path> backups = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(target.getParent(), target.getFileName() + BACKUP_INFIX + "*")) {
            for (Path p : entries) {
                if (isBackupName(target, p.getFileName().toString())
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    backups.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not list the backups of " + file + ": " + e);
            return List.of();
        }
        // The names sort by time: yyyyMMdd'T'HHmmss'Z', then -1, -2... within a second.
        backups.sort(Comparator.comparing((Path p) -> p.getFileName().toString().replaceAll("Z$", "Z-0")));
        List<Path> deleted = new ArrayList<>();
        int excess = backups.size() - keep;
        for (Path p : backups) {
            if (excess <= 0) {
                break;
            }
            if (inUse.contains(p.getFileName().toString())) {
                continue;
            }
            try {
                Files.delete(p);
                deleted.add(p);
                excess--;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not delete the old backup " + p + ": " + e);
            }
        }
        return deleted;
    }
}
