package dev.keyport.daemon;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who owns a file and who else may change it, in the POSIX sense. Keyport trusts what it finds on disk only when no
 * other user could have put it there: the file (or folder) belongs to the user running Keyport, or to root, and
 * neither it nor a folder above it is writable by anyone else, except a sticky folder such as /tmp, where others
 * cannot rename or delete what is not theirs. This is the rule OpenSSH applies to ~/.ssh.
 *
 * <p>Used by the daemon (its home, plugins, token) and by the CLI (the daemon's socket), so it depends on the JDK only.
 */
public final class Ownership {
    private static final int ROOT = 0;
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_SOCKET = 0140000;

    private Ownership() {
    }

    /** The user id this process runs as. */
    public static long currentUid() {
        return new UnixSystem().getUid();
    }

    /** The user name this process runs as (its uid when the system has no name for it). */
    public static String currentUserName() {
        UnixSystem system = new UnixSystem();
        return system.getUsername() != null ? system.getUsername() : Long.toString(system.getUid());
    }

    /** Whether POSIX ownership can be read here at all (not on Windows). */
    public static boolean supported(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    /** The owner's uid of {@code path} itself (a symlink is not followed). */
    public static long uid(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** The POSIX mode bits of {@code path} itself (type and permissions; a symlink is not followed). */
    public static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code path} is a Unix domain socket (not followed through a symlink). */
    public static boolean isSocket(Path path) throws IOException {
        return (mode(path) & TYPE_MASK) == TYPE_SOCKET;
    }

    /** Whether group or others may write {@code path}. */
    public static boolean writableByOthers(Path path) throws IOException {
        return (mode(path) & GROUP_OR_OTHER_WRITE) != 0;
    }

    /** Whether group or others have any permission on {@code path}. */
    public static boolean accessibleByOthers(Path path) throws IOException {
        return (mode(path) & 0077) != 0;
    }

    /** Whether {@code path} belongs to the current user (or to root, who could change it anyway). */
    public static boolean ownedByUserOrRoot(Path path) throws IOException {
        long owner = uid(path);
        return owner == currentUid() || owner == ROOT;
    }

    /**
     * Why a folder Keyport keeps private things in cannot be trusted, if it cannot: it (after following symlinks) or
     * any folder above it belongs to another user, or is writable by others without the sticky bit. The text names
     * the folder and the command that fixes it.
     *
     * @param what how the folder is called in the message ("Keyport's home", "the plugins folder")
     */
    public static Optional<String> untrustedFolder(Path folder, String what) {
        if (!supported(folder)) {
            return Optional.empty();
        }
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                return Optional.of(what + " " + folder + " is not a folder. Move it away, or point Keyport at a"
                        + " folder.");
            }
            for (Path p = real; p != null; p = p.getParent()) {
                long owner = uid(p);
                if (owner != currentUid() && owner != ROOT) {
                    return Optional.of(what + " " + folder + (p.equals(real) ? "" : " lies in " + p + ", which")
                            + " belongs to another user (uid " + owner + "), who could replace what Keyport keeps"
                            + " there. Fix: chown " + currentUserName() + " '" + p + "' (or choose a folder of"
                            + " your own).");
                }
                int mode = mode(p);
                boolean sticky = (mode & STICKY) != 0;
                if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(sticky && !p.equals(real))) {
                    return Optional.of(what + " " + folder + (p.equals(real) ? " is" : " lies in " + p + ", which is")
                            + " writable by other users, who could replace what Keyport keeps there. Fix: chmod go-w '"
                            + p + "'.");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot check who owns " + what + " " + folder + " (" + e.getClass().getSimpleName()
                    + "). Check that it exists and that you may read it.");
        }
    }
}
