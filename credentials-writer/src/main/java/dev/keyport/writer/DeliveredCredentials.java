package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Reading back the credentials Keyport delivered for a session, so that after a daemon restart credentials still
 * valid need no new sign-in. Read-only and lock-free: it only looks, and anything it cannot use (a missing or
 * unreadable file, a section of another owner, a missing key, an unparsable expiry) reads as "nothing delivered",
 * which at worst costs a sign-in.
 */
final class DeliveredCredentials {

    /** Logs under the writer's name, as before this part was split out of it. */
    private static final System.Logger LOG = System.getLogger(ProfileWriter.class.getName());

    private DeliveredCredentials() {
    }

    /**
     * The profile's credentials in {@code credentialsFile}, if its section carries the session's own marker (not the
     * legacy one) and complete keys with their expiry.
     */
    static Optional<AwsCredentials> read(Path credentialsFile, String profileName, String ownerSessionId) {
        String text;
        try {
            text = Files.exists(credentialsFile) ? Files.readString(credentialsFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read " + credentialsFile + ": "
                    + e.getClass().getSimpleName());
            return Optional.empty();
        }
        return ProfileSections.matching(IniDocument.parse(text), profileName, false).stream()
                .filter(section -> SectionOwnership.marker(section).filter(ownerSessionId::equals).isPresent())
                .findFirst()
                .flatMap(section -> {
                    Optional<String> key = section.property("aws_access_key_id");
                    Optional<String> secret = section.property("aws_secret_access_key");
                    Optional<String> token = section.property("aws_session_token");
                    Optional<String> expires = section.property(ProfileWriter.EXPIRES_KEY);
                    if (key.isEmpty() || secret.isEmpty() || token.isEmpty() || expires.isEmpty()) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new AwsCredentials(key.get(), secret.get(), token.get(),
                                Instant.parse(expires.get())));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                });
    }
}
