package dev.keyport.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user's {@code [default]} profile says, read from the AWS config file: the settings a new session takes
 * when it names none (as the AWS CLI falls back to the default profile). Read only; a file that cannot be read has
 * nothing to say.
 */
public final class DefaultProfile {
    private DefaultProfile() {
    }

    /** The {@code region} of {@code [default]} in {@code configFile}, if it has one. */
    public static Optional<String> region(Path configFile) {
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return IniDocument.parse(text).sections().stream()
                .filter(s -> s.name().equals("default") || s.name().equals("profile default"))
                .map(s -> s.property("region"))
                .flatMap(Optional::stream)
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .findFirst();
    }
}
