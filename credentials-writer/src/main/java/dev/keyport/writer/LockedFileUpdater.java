package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Read-transform-write of small text files (the AWS credentials and config files) that never loses or truncates
 * content.
 *
 * <ul>
 *   <li>Symlinks are followed (chains too): the real target is rewritten and the link stays a link.</li>
 *   <li>Missing parent directories are created with mode 0700 (only the ones created here); the written file is 0600.
 *   </li>
 *   <li>Writers that use this class are serialised by an in-JVM lock per real path plus an OS advisory lock on a
 *       sidecar file {@code .<name>.keyport-lock} next to the target, held across read, transform and write. The
 *       in-JVM lock is needed because {@link FileChannel#lock()} is per process and throws
 *       {@link java.nio.channels.OverlappingFileLockException} when two threads of one JVM ask for it.</li>
 *   <li>The new content goes to a temp file in the same directory, is fsynced, then renamed over the target with
 *       {@link StandardCopyOption#ATOMIC_MOVE}, and the directory is fsynced: readers see the old or the new file,
 *       never a partial one.</li>
 *   <li>Tools that do not take our lock (the AWS CLI, other SAML helpers) may rewrite the file meanwhile. Just before
 *       renaming, the file is compared with what was read; if it changed, the read and transform are redone (up to
 *       {@value #MAX_ATTEMPTS} times) so their change is kept. A change landing in the microseconds between that check
 *       and the rename cannot be detected without their cooperation.</li>
 *   <li>If the transform throws, nothing is written; temp files are always removed.</li>
 * </ul>
 *
 * <p>Files are read and written as UTF-8; a file that is not valid UTF-8 is refused rather than re-encoded. Instances
 * are stateless and thread-safe. A transform must not call back into this class for the same file.
 *
 * <p>This class owns the read-transform-write cycle and its retries. The parts it is built from are package-private
 * classes beside it: {@code TargetPaths} (symlink resolution), {@code TargetLocks} (the two locks),
 * {@code AtomicFileWrites} (temp file, fsync, rename), {@code FileBackups} (backup copies and their rotation),
 * {@code StrayTempFiles} (clean-up after a crash) and {@code FilePermissions} (owner-only modes).
 */
public final class LockedFileUpdater {

    /** How many times a read-transform-write is attempted when another tool keeps changing the file. */
    public static final int MAX_ATTEMPTS = 5;

    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());

    private final TargetLocks locks;
    /**
     * Test seam: runs after each transform and the writing of its temp files, before the staleness check, with the
     * attempt number (a test may change the file there, or be killed there as a crash would).
     */
    private final IntConsumer afterTransform;

    /** An updater that waits up to 30 seconds for another writer's lock. */
    public LockedFileUpdater() {
        this(Duration.ofSeconds(30));
    }

    /** An updater that waits up to {@code lockTimeout} for another writer's lock, then fails with UNAVAILABLE. */
    public LockedFileUpdater(Duration lockTimeout) {
        this(lockTimeout, attempt -> { });
    }

    LockedFileUpdater(Duration lockTimeout, IntConsumer afterTransform) {
        this.locks = new TargetLocks(lockTimeout);
        this.afterTransform = afterTransform;
    }

    /**
     * Replaces the file's text with {@code transform(current text)}; a missing file reads as {@code ""}. If the
     * transform returns its input unchanged, the file is not touched (and not created).
     */
    public void update(Path file, Function<String, String> transform) {
        updateAll(List.of(file), texts -> List.of(transform.apply(texts.get(0))));
    }

    /**
     * Updates several files as one decision: all are locked (in a fixed order, so concurrent callers cannot
     * deadlock), all are read, the transform sees every text at once and may refuse by throwing before anything is
     * written, and only then are the changed files renamed into place. Each file is replaced atomically; the set of
     * files is not (a crash between two renames leaves the first one updated).
     *
     * @param files     the files, each given as the user knows it (symlinks allowed); must be distinct files
     * @param transform gets the current texts in the order of {@code files}, returns the new texts in that order
     */
    public void updateAll(List<Path> files, Function<List<String>, List<String>> transform) {
        List<Path> targets = new ArrayList<>();
        for (Path file : files) {
            targets.add(resolveTarget(file));
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("The same file was given twice: " + files);
        }
        if (targets.stream().noneMatch(t -> Files.exists(t, LinkOption.NOFOLLOW_LINKS))) {
            // Nothing exists yet: if the transform would leave them empty, do not create directories or lock files.
            List<String> empty = Collections.nCopies(targets.size(), "");
            if (checkedResult(transform.apply(empty), targets.size()).equals(empty)) {
                return;
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            AtomicFileWrites.createParentDirectories(targets.get(i), files.get(i));
            // Re-resolve: a parent that did not exist could not be canonicalised before.
            targets.set(i, resolveTarget(files.get(i)));
        }
        List<Integer> lockOrder = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            lockOrder.add(i);
        }
        lockOrder.sort(Comparator.comparing(i -> targets.get(i).toString()));

        Deque<AutoCloseable> held = new ArrayDeque<>();
        try {
            for (int i : lockOrder) {
                locks.acquire(targets.get(i), files.get(i), held);
            }
            writeUnderLocks(files, targets, transform);
        } finally {
            TargetLocks.release(held);
        }
    }

    private void writeUnderLocks(List<Path> files, List<Path> targets,
                                 Function<List<String>, List<String>> transform) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<Snapshot> before = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                Snapshot snapshot = read(targets.get(i), files.get(i));
                before.add(snapshot);
                texts.add(decode(snapshot.bytes, files.get(i)));
            }
            List<String> result = checkedResult(transform.apply(Collections.unmodifiableList(texts)), texts.size());

            Path[] temps = new Path[targets.size()];
            try {
                boolean anyChange = false;
                for (int i = 0; i < targets.size(); i++) {
                    if (!result.get(i).equals(texts.get(i))) {
                        temps[i] = AtomicFileWrites.writeTemp(targets.get(i),
                                result.get(i).getBytes(StandardCharsets.UTF_8), files.get(i));
                        anyChange = true;
                    }
                }
                afterTransform.accept(attempt);
                if (!anyChange) {
                    return;
                }
                // Every file fed the decision, so every file must be unchanged, not only the ones being replaced.
                boolean stale = false;
                for (int i = 0; i < targets.size() && !stale; i++) {
                    stale = !before.get(i).sameAs(read(targets.get(i), files.get(i)));
                }
                if (stale) {
                    LOG.log(System.Logger.Level.DEBUG, "Another program changed " + files
                            + " while Keyport was updating it; reading it again (attempt " + attempt + ")");
                    continue;
                }
                for (int i = 0; i < targets.size(); i++) {
                    if (temps[i] != null) {
                        AtomicFileWrites.moveIntoPlace(temps[i], targets.get(i), files.get(i));
                        temps[i] = null;
                    }
                }
                return;
            } finally {
                for (Path temp : temps) {
                    AtomicFileWrites.deleteQuietly(temp);
                }
            }
        }
        throw new KeyportException(ErrorCategory.UNAVAILABLE, "Another program kept changing " + files
                + " while Keyport was updating it; nothing was written. Try again in a moment.");
    }

    /**
     * The file that actually holds the content: symlinks followed (also chained and dangling ones), parent directory
     * canonicalised when it exists. Fails with INVALID_INPUT on a symlink loop.
     */
    public static Path resolveTarget(Path file) {
        return TargetPaths.resolve(file);
    }

    /**
     * Copies the current content of {@code file} (following symlinks) to {@code <name>.keyport-backup-<UTC time>}
     * next to the real file, mode 0600, before a destructive change. Returns the backup, or empty if the file does
     * not exist.
     */
    public static Optional<Path> backup(Path file) {
        return FileBackups.backup(file);
    }

    /**
     * Deletes the oldest backups of {@code file} so that at most {@code keep} remain, never one named in
     * {@code inUse} (a section still points to it). Returns the backups deleted.
     */
    public static List<Path> pruneBackups(Path file, int keep, Set<String> inUse) {
        return FileBackups.prune(file, keep, inUse);
    }

    /**
     * Removes what a writer killed mid-write (kill -9, power loss) left next to {@code file}: its temp files
     * ({@code .NAME.<random>.keyport-tmp}, only Keyport's naming, only the user's own regular files). Done under the
     * file's lock, so no live writer's temp file is touched; the lock sidecar is made private again if it is not.
     * Returns the files removed.
     */
    public List<Path> removeStrayTempFiles(Path file) {
        return StrayTempFiles.remove(file, locks);
    }

    private static Snapshot read(Path target, Path shownAs) {
        try {
            return new Snapshot(true, Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return new Snapshot(false, new byte[0]);
        } catch (IOException e) {
            throw FileErrors.unavailable("Could not read", shownAs, e);
        }
    }

    private static String decode(byte[] bytes, Path shownAs) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            // Re-encoding would corrupt it; the AWS tools expect UTF-8 anyway.
            throw new KeyportException(ErrorCategory.INVALID_INPUT, shownAs
                    + " is not valid UTF-8 text, so Keyport leaves it alone. Save it as UTF-8 and try again.");
        }
    }

    private static List<String> checkedResult(List<String> result, int expected) {
        // Immutable lists reject contains(null), hence the explicit scan.
        if (result == null || result.size() != expected || result.stream().anyMatch(Objects::isNull)) {
            throw new IllegalStateException("A transform must return one non-null text per file");
        }
        return result;
    }

    /** A file's bytes as read, and whether it existed: a missing file and an empty one are different states. */
    private record Snapshot(boolean exists, byte[] bytes) {
        boolean sameAs(Snapshot other) {
            return exists == other.exists && Arrays.equals(bytes, other.bytes);
        }
    }
}
