package dev.keyport.daemon;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keyport's state directory ({@code keyport.home}, env {@code KEYPORT_HOME}, default {@code ~/.keyport}): the
 * session store, the API token and the plugins folder live here. Created 0700 on first use.
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
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // created concurrently: fine
            } catch (IOException | UnsupportedOperationException e) {
                throw new KeyportException(ErrorCategory.INTERNAL,
                        "Cannot create Keyport's state directory " + dir + " (" + e.getMessage()
                                + "). Set KEYPORT_HOME to a writable directory.", e);
            }
        }
        return dir;
    }

    public Path resolve(String name) {
        return dir().resolve(name);
    }

    /** {@code path} with a leading {@code ~} replaced by the user's home directory. */
    public static Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            String home = System.getenv("HOME");
            if (home == null || home.isBlank()) {
                home = System.getProperty("user.home");
            }
            return Path.of(home + path.substring(1));
        }
        return Path.of(path);
    }
}
