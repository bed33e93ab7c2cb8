package dev.keyport.writer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who may read and write what the file updater creates, and whose a file is. Everything Keyport writes next to the AWS
 * files (the files themselves, temp files, lock sidecars, backups) holds or guards secrets, so files get mode 0600 and
 * the directories created for them 0700.
 *
 * <p>On a file system without POSIX permissions there is no mode to set, so the modes are skipped; without the
 * {@code unix} attribute view there is no owner to compare, so every file counts as the user's.
 */
final class FilePermissions {

    /** Files: read and write for the owner only. */
    static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    /** Directories created for the files: the owner only. */
    static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private FilePermissions() {
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

    /** Whether {@code p} itself (not a link's target) belongs to the current user. */
    static boolean ownedByCurrentUser(Path p) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return true;
        }
        long owner = ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return owner == new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * The attributes that create a file or directory with {@code perms} from the start, so it is never readable by
     * others, not even briefly; none where {@code near} is not on a POSIX file system.
     */
    static FileAttribute<?>[] ownerOnly(Path near, Set<PosixFilePermission> perms) {
        return isPosix(near) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
    }

    /** Sets the mode explicitly, since the umask may have narrowed the one asked for at creation. */
    static void setPermissions(Path path, Set<PosixFilePermission> perms) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, perms);
        }
    }

    static boolean isPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
