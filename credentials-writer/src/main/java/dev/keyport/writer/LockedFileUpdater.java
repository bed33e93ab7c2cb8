package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 */
public final class LockedFileUpdater {

    /** How many times a read-transform-write is attempted when another tool keeps changing the file. */
    public static final int MAX_ATTEMPTS = 5;

    private static final System.Logger LOG = System.getLogger(LockedFileUpdater.class.getName());
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_SYMLINK_HOPS = 40;
    /** Ends the name of every temp file this class writes next to a target: {@code .NAME.<random>.keyport-tmp}. */
    static final String TEMP_SUFFIX = ".keyport-tmp";
    /** Between a target's name and the time stamp in the name of its backups. */
    static final String BACKUP_INFIX = ".keyport-backup-";

    private final Duration lockTimeout;
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
        this.lockTimeout = lockTimeout;
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
            createParentDirectories(targets.get(i), files.get(i));
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
                acquire(targets.get(i), files.get(i), held);
            }
            writeUnderLocks(files, targets, transform);
        } finally {
            release(held);
        }
    }

    private static void release(Deque<AutoCloseable> held) {
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Could not release a file lock: " + e);
            }
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
                        temps[i] = writeTemp(targets.get(i), result.get(i).getBytes(StandardCharsets.UTF_8),
                                files.get(i));
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
                        moveIntoPlace(temps[i], targets.get(i), files.get(i));
                        temps[i] = null;
                    }
                }
                return;
            } finally {
                for (Path temp : temps) {
                    deleteQuietly(temp);
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
        try {
            Path p = canonicalParent(file.toAbsolutePath().normalize());
            int hops = 0;
            while (Files.isSymbolicLink(p)) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new KeyportException(ErrorCategory.INVALID_INPUT,
                            file + " is a symbolic link that loops or is nested too deeply; point it at a real file.");
                }
                Path link = Files.readSymbolicLink(p);
                p = canonicalParent(p.getParent().resolve(link).normalize());
            }
            if (Files.isDirectory(p)) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT,
                        file + " is a directory, not a file; point the setting at a file.");
            }
            return p;
        } catch (IOException e) {
            throw unavailable("Could not resolve", file, e);
        }
    }

    /**
     * Copies the current content of {@code file} (following symlinks) to {@code <name>.keyport-backup-<UTC time>}
     * next to the real file, mode 0600, before a destructive change. Returns the backup, or empty if the file does
     * not exist.
     */
    public static Optional<Path> backup(Path file) {
        Path target = resolveTarget(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("Could not back up", file, e);
        }
        String base = target.getFileName() + BACKUP_INFIX + BACKUP_STAMP.format(Instant.now());
        Path temp = null;
        try {
            temp = writeTemp(target, bytes, file);
            for (int n = 0; ; n++) {
                Path candidate = target.resolveSibling(n == 0 ? base : base + "-" + n);
                try {
                    // No REPLACE_EXISTING: two backups in the same second must not overwrite each other.
                    Files.move(temp, candidate);
                    temp = null;
                    fsyncDirectory(target.getParent());
                    LOG.log(System.Logger.Level.INFO, "Backed up " + file + " to " + candidate);
                    return Optional.of(candidate);
                } catch (FileAlreadyExistsException e) {
                    if (n > 1000) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw unavailable("Could not back up", file, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Whether {@code name} is the name of one of this target file's backups (and nothing else). */
    static boolean isBackupName(Path target, String name) {
        return name.matches(java.util.regex.Pattern.quote(target.getFileName() + BACKUP_INFIX)
                + "\\d{8}T\\d{6}Z(-\\d{1,4})?");
    }

    /**
     * Deletes the oldest backups of {@code file} so that at most {@code keep} remain, never one named in
     * {@code inUse} (a section still points to it). Returns the backups deleted.
     */
    public static List<Path> pruneBackups(Path file, int keep, Set<String> inUse) {
        Path target = resolveTarget(file);
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

    /**
     * Removes what a writer killed mid-write (kill -9, power loss) left next to {@code file}: its temp files
     * ({@code .NAME.<random>.keyport-tmp}, only Keyport's naming, only the user's own regular files). Done under the
     * file's lock, so no live writer's temp file is touched; the lock sidecar is made private again if it is not.
     * Returns the files removed.
     */
    public List<Path> removeStrayTempFiles(Path file) {
        Path target = resolveTarget(file);
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        Deque<AutoCloseable> held = new ArrayDeque<>();
        try {
            acquire(target, file, held);
            tightenSidecar(target);
            String prefix = "." + target.getFileName() + ".";
            try (var entries = Files.newDirectoryStream(target.getParent(), prefix + "*" + TEMP_SUFFIX)) {
                for (Path p : entries) {
                    String middle = p.getFileName().toString();
                    middle = middle.substring(prefix.length(), middle.length() - TEMP_SUFFIX.length());
                    if (middle.matches("-?\\d+") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && ownedByCurrentUser(p)) {
                        Files.delete(p);
                        removed.add(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not look for stray temporary files next to " + file + ": "
                    + e);
        } finally {
            release(held);
        }
        return removed;
    }

    private static void tightenSidecar(Path target) throws IOException {
        Path lockFile = lockFileOf(target);
        if (isPosix(lockFile) && Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)
                && !Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS).equals(OWNER_RW)) {
            setPermissions(lockFile, OWNER_RW);
            LOG.log(System.Logger.Level.INFO, "Made the lock file " + lockFile + " private again (0600)");
        }
    }

    /** Whether {@code p} belongs to the current user and no one else may write it (always true without POSIX). */
    static boolean privateToUser(Path p) throws IOException {
        if (!isPosix(p)) {
            return true;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return ownedByCurrentUser(p) && !perms.contains(PosixFilePermission.GROUP_WRITE)
                && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean ownedByCurrentUser(Path p) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return true;
        }
        long owner = ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return owner == new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static Path lockFileOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".keyport-lock");
    }

    private static Path canonicalParent(Path p) throws IOException {
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, p + " is not a file path.");
        }
        return Files.isDirectory(parent) ? parent.toRealPath().resolve(p.getFileName()) : p;
    }

    private void acquire(Path target, Path shownAs, Deque<AutoCloseable> held) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, t -> new ReentrantLock());
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        try {
            if (!jvmLock.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(shownAs);
            }
            held.push(jvmLock::unlock);
            Path lockFile = lockFileOf(target);
            FileChannel channel = FileChannel.open(lockFile,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly(lockFile, OWNER_RW));
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
            throw unavailable("Could not lock", shownAs, e);
        }
    }

    private KeyportException busy(Path file) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "Another program has held the Keyport lock on " + file
                + " for more than " + lockTimeout.toSeconds() + " s; nothing was written. Try again later.");
    }

    private static Snapshot read(Path target, Path shownAs) {
        try {
            return new Snapshot(true, Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return new Snapshot(false, new byte[0]);
        } catch (IOException e) {
            throw unavailable("Could not read", shownAs, e);
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

    private static Path writeTemp(Path target, byte[] bytes, Path shownAs) {
        Path dir = target.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX,
                    ownerOnly(dir, OWNER_RW));
            setPermissions(temp, OWNER_RW);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw unavailable("Could not write a temporary file for", shownAs, e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target, Path shownAs) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw unavailable("Could not replace", shownAs, e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Makes the rename durable; best effort, since some platforms cannot open a directory for syncing. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not fsync directory " + dir + ": " + e);
        }
    }

    private static void createParentDirectories(Path target, Path shownAs) {
        Path dir = target.getParent();
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d, ownerOnly(d.getParent(), OWNER_RWX));
                // The umask may have narrowed the mode; set it explicitly, but only on directories made here.
                setPermissions(d, OWNER_RWX);
            } catch (FileAlreadyExistsException e) {
                // Created concurrently by someone else: theirs, leave its mode alone.
            } catch (IOException e) {
                throw unavailable("Could not create the directory " + d + " for", shownAs, e);
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path near, Set<PosixFilePermission> perms) {
        return isPosix(near) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> perms) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, perms);
        }
    }

    private static boolean isPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete temporary file " + path + ": " + e);
        }
    }

    private static KeyportException unavailable(String what, Path file, IOException e) {
        return new KeyportException(ErrorCategory.UNAVAILABLE,
                what + " " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "). Check that the file and its directory exist and are writable by this user.", e);
    }

    private record Snapshot(boolean exists, byte[] bytes) {
        boolean sameAs(Snapshot other) {
            return exists == other.exists && Arrays.equals(bytes, other.bytes);
        }
    }
}
