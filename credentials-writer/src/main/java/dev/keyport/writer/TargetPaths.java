package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the file that actually holds the content of a path the user gave. The AWS files may be symlinks (into a
 * dotfiles repository, say); rewriting the link itself would turn it into a plain file, so every part of the updater
 * works on the real target, and the link stays a link.
 */
final class TargetPaths {

    /** The same bound as Linux's: beyond it a chain is taken for a loop. */
    private static final int MAX_SYMLINK_HOPS = 40;

    private TargetPaths() {
    }

    /**
     * The file that actually holds the content: symlinks followed (also chained and dangling ones), parent directory
     * canonicalised when it exists. Fails with INVALID_INPUT on a symlink loop.
     */
    static Path resolve(Path file) {
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
            throw FileErrors.unavailable("Could not resolve", file, e);
        }
    }

    /**
     * {@code p} with its parent directory's symlinks resolved, so that two paths naming the same file compare equal;
     * unchanged while the parent does not exist yet.
     */
    private static Path canonicalParent(Path p) throws IOException {
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, p + " is not a file path.");
        }
        return Files.isDirectory(parent) ? parent.toRealPath().resolve(p.getFileName()) : p;
    }
}
