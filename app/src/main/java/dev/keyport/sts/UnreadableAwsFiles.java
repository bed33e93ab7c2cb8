package dev.keyport.sts;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The AWS SDK refused one of the user's shared AWS files while building a client: which one, and what it said (its
 * message names the line). The daemon points the SDK away from the user's files (DaemonMain), so this happens only
 * where that was overridden; nothing has been written.
 */
final class UnreadableAwsFiles {
    private UnreadableAwsFiles() {
    }

    static KeyportException explain(IllegalArgumentException sdkError) {
        Optional<String> which = refused("config", ProfileFileLocation.configurationFileLocation(),
                ProfileFile.Type.CONFIGURATION)
                .or(() -> refused("credentials", ProfileFileLocation.credentialsFileLocation(),
                        ProfileFile.Type.CREDENTIALS));
        return new KeyportException(ErrorCategory.INVALID_INPUT, which.orElse("The AWS SDK Keyport calls STS with"
                + " could not start (" + sdkError.getMessage() + ")") + ". Fix it and start again; Keyport changed"
                + " neither file.");
    }

    private static Optional<String> refused(String kind, Optional<Path> location, ProfileFile.Type type) {
        if (location.isEmpty() || !Files.isRegularFile(location.get())) {
            return Optional.empty();
        }
        Path file = location.get();
        try {
            ProfileFile.builder().content(file).type(type).build().profiles();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("The AWS " + kind + " file " + file + " cannot be read by the AWS SDK Keyport calls STS"
                    + " with (programs using the AWS SDKs fail on it too; the AWS CLI is more lenient): "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
