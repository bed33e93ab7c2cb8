package dev.keyport.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether Keyport can deliver to a shared AWS file: it exists as a regular file Keyport may read and write (or can be
 * created), and the AWS tools can read it ({@link AwsFileSyntax}, which names the line they would refuse). For
 * {@code keyport doctor} (the daemon's diagnostics).
 */
public final class AwsFileHealth {
    /** What is wrong and how to fix it. */
    public record Problem(String detail, String fix) {
    }

    private AwsFileHealth() {
    }

    /** What is wrong with {@code file}, if anything; {@code what} names it in the text ("AWS credentials file"). */
    public static Optional<Problem> check(String what, Path file) {
        if (!Files.exists(file)) {
            Path folder = file.toAbsolutePath().getParent();
            Path existing = folder;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                return Optional.of(new Problem("The " + what + " " + file + " does not exist and cannot be created ("
                        + existing + " is not a folder you may write to).", "Create " + folder + " (mkdir -p '"
                        + folder + "'), or point Keyport at another file."));
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of(new Problem("The " + what + " " + file + " is not a regular file.", "Move it away;"
                    + " Keyport then creates the file."));
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            return Optional.of(new Problem("The " + what + " " + file + " cannot be " + (Files.isReadable(file)
                    ? "written" : "read") + " by you.", "chown $(id -un) '" + file + "' && chmod 600 '" + file
                    + "'"));
        }
        try {
            Optional<String> syntax = AwsFileSyntax.problem(Files.readString(file, StandardCharsets.UTF_8));
            if (syntax.isPresent()) {
                return Optional.of(new Problem("The AWS tools cannot read the " + what + " " + file + ": "
                        + syntax.get() + ".", "Edit that line of " + file + "; Keyport writes nothing to the file"
                        + " until the AWS tools can read it."));
            }
        } catch (IOException e) {
            return Optional.of(new Problem("The " + what + " " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + ").", "Check its permissions: ls -l '" + file + "'"));
        }
        return Optional.empty();
    }
}
