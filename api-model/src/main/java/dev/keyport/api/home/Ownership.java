package dev.keyport.api.home;

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
     * Why a folder Keyport keeps private things in cannot be trusted, if it cannot. The path is walked as the system
     * resolves it, one component at a time from the root: every folder on the way (and the folder itself) must belong
     * to the current user or to root, and no other user may write to it, except a sticky folder such as /tmp where
     * others cannot rename what is not theirs (the folder itself may not be one). A symbolic link on the way must
     * belong to the user or root too, since its owner could re-point it after the check; its target is then walked the
     * same way. The text names the offending path and the command that fixes it.
     *
     * @param what how the folder is called in the message ("Keyport's home", "the plugins folder")
     */
    public static Optional<String> untrustedFolder(Path folder, String what) {
        if (!supported(folder)) {
            return Optional.empty();
        }
        try {
            Path absolute = folder.toAbsolutePath().normalize();
            Optional<String> problem = walk(absolute, what, folder, new int[]{0});
            if (problem.isPresent()) {
                return problem;
            }
            if (!Files.isDirectory(absolute)) {
                return Optional.of(what + " " + folder + " is not a folder. Move it away, or point Keyport at a"
                        + " folder.");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot check who owns " + what + " " + folder + " (" + e.getClass().getSimpleName()
                    + "). Check that it exists and that you may read it.");
        }
    }

    private static final int MAX_LINKS = 40;

    /** Checks {@code path} (absolute, normalised) component by component; the last component is the folder. */
    private static Optional<String> walk(Path path, String what, Path shown, int[] links) throws IOException {
        Path current = path.getRoot();
        Optional<String> rootProblem = checkFolder(current, false, what, shown);
        if (rootProblem.isPresent()) {
            return rootProblem;
        }
        for (int i = 0; i < path.getNameCount(); i++) {
            boolean last = i == path.getNameCount() - 1;
            Path next = current.resolve(path.getName(i));
            if (Files.isSymbolicLink(next)) {
                if (++links[0] > MAX_LINKS) {
                    return Optional.of(what + " " + shown + " goes through too many symbolic links.");
                }
                long owner = uid(next);
                if (owner != currentUid() && owner != ROOT) {
                    return Optional.of(what + " " + shown + " goes through the symbolic link " + next + ", which"
                            + " belongs to another user (uid " + owner + "), who could point it elsewhere at any"
                            + " time. Fix: replace the link with one of your own, or use the real path.");
                }
                // The link's target, walked the same way, takes its place; the rest of the path follows it.
                Path target = next.getParent().resolve(Files.readSymbolicLink(next)).normalize();
                Path rest = target;
                for (int j = i + 1; j < path.getNameCount(); j++) {
                    rest = rest.resolve(path.getName(j));
                }
                return walk(rest.normalize(), what, shown, links);
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // judged once it exists (it will be created private)
            }
            Optional<String> problem = checkFolder(next, last, what, shown);
            if (problem.isPresent()) {
                return problem;
            }
            current = next;
        }
        return Optional.empty();
    }

    private static Optional<String> checkFolder(Path p, boolean isTheFolder, String what, Path shown)
            throws IOException {
        long owner = uid(p);
        if (owner != currentUid() && owner != ROOT) {
            return Optional.of(what + " " + shown + (isTheFolder ? "" : " lies in " + p + ", which")
                    + " belongs to another user (uid " + owner + "), who could replace what Keyport keeps there."
                    + " Fix: chown " + currentUserName() + " '" + p + "' (or choose a folder of your own).");
        }
        int mode = mode(p);
        boolean sticky = (mode & STICKY) != 0;
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (isTheFolder || !sticky)) {
            return Optional.of(what + " " + shown + (isTheFolder ? " is" : " lies in " + p + ", which is")
                    + " writable by other users, who could replace what Keyport keeps there. Fix: chmod go-w '" + p
                    + "'.");
        }
        return Optional.empty();
    }
}
