package dev.keyport.daemon;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Keyport's state directory ({@code keyport.home}, env {@code KEYPORT_HOME}, default {@code ~/.keyport}): the
 * session store, the API token, the daemon's socket and the plugins folder live here. Created 0700 on first use.
 * Everything in it is trusted, so the daemon refuses to start in a home another user could write to
 * ({@link #checkPrivate()}).
 */
@Singleton
public class KeyportHome {
    private final Path dir;

    public KeyportHome(@ConfigProperty(name = "keyport.home") String home) {
        this.dir = expand(home).toAbsolutePath().normalize();
    }

    /** The directory, created (0700) if missing. */
    public Path dir() {
        if (!Files.isDirectory(dir)) {
            createPrivateDirectory(dir, "Keyport's state directory", "Set KEYPORT_HOME to a writable directory.");
        }
        return dir;
    }

    public Path resolve(String name) {
        return dir().resolve(name);
    }

    /** Where the daemon listens for the CLI. */
    public Path socket() {
        return dir().resolve(HomeLayout.SOCKET);
    }

    /**
     * Refuses a home that another user owns or could write to (it, or a folder above it): whoever can write there
     * can plant a token, a session file or a socket that Keyport would trust.
     *
     * @throws KeyportException INVALID_INPUT naming the folder and the command that fixes it
     */
    public void checkPrivate() {
        Optional<String> problem = Ownership.untrustedFolder(dir(), "Keyport's home");
        if (problem.isPresent()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, problem.get());
        }
    }

    /** Creates {@code dir} (0700) and its missing parents; fails with {@code hint} when it cannot. */
    public static void createPrivateDirectory(Path dir, String what, String hint) {
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // The umask may have narrowed the mode; it cannot have widened it, but say it outright.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (FileAlreadyExistsException raced) {
            // created concurrently: its mode is checked where it matters
        } catch (IOException | UnsupportedOperationException e) {
            throw new KeyportException(ErrorCategory.INTERNAL, "Cannot create " + what + " " + dir + " ("
                    + e.getClass().getSimpleName() + "). " + hint, e);
        }
    }

    /** {@code path} with a leading {@code ~} replaced by the user's home directory. */
    public static Path expand(String path) {
        return HomeLayout.expand(path);
    }
}
