package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The error an I/O failure on one of the AWS files becomes. Every part of the file updater (locking, writing, backups,
 * path resolution) words it the same way, so the user always gets what failed, on which file as they named it, the
 * underlying error, and what to check.
 */
final class FileErrors {

    private FileErrors() {
    }

    /** An {@link ErrorCategory#UNAVAILABLE} failure: "{@code what} {@code file} (...)". */
    static KeyportException unavailable(String what, Path file, IOException e) {
        return new KeyportException(ErrorCategory.UNAVAILABLE,
                what + " " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "). Check that the file and its directory exist and are writable by this user.", e);
    }
}
