package dev.keyport.api;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.api.home.Ownership;
import dev.keyport.daemon.PrivateFiles;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The bearer token of the control API: 256 random bits, created at first start in {@code $KEYPORT_HOME/api-token}
 * (0600) and read by the CLI and by anyone the user lets read that file. Compared in constant time. A file that is
 * not exactly what Keyport writes, or that others could have read, is replaced at start ({@link #readTrusted}).
 */
@Singleton
public class ApiToken {
    static final String FILE_NAME = HomeLayout.API_TOKEN;
    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final int TOKEN_BYTES = 32;
    /** What Keyport writes: 32 random bytes, base64url without padding, and a newline. */
    private static final Pattern TOKEN_FILE = Pattern.compile("[A-Za-z0-9_-]{43}\\n?");
    private static final int MAX_FILE_BYTES = 44;

    private final KeyportHome home;
    private volatile byte[] token;

    public ApiToken(KeyportHome home) {
        this.home = home;
    }

    void onStart(@Observes StartupEvent event) {
        token();
    }

    /** Whether {@code presented} is the token, in time independent of where they differ. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token(), presented.getBytes(StandardCharsets.UTF_8));
    }

    public Path file() {
        return home.resolve(FILE_NAME);
    }

    private byte[] token() {
        byte[] current = token;
        if (current == null) {
            synchronized (this) {
                if (token == null) {
                    token = loadOrCreate();
                }
                current = token;
            }
        }
        return current;
    }

    private byte[] loadOrCreate() {
        Path file = file();
        try {
            Optional<String> existing = readTrusted(file);
            if (existing.isPresent()) {
                return existing.get().getBytes(StandardCharsets.US_ASCII);
            }
            byte[] random = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(random);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            // The rename replaces whatever was at the name (a symlink included) and never writes through it.
            PrivateFiles.writeAtomically(file, (created + "\n").getBytes(StandardCharsets.US_ASCII));
            LOG.infof("Created a new API token in %s", file);
            return created.getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL, "Cannot read or create the API token " + file + " ("
                    + e.getClass().getSimpleName() + "). Check the permissions of " + file.getParent() + ".", e);
        }
    }

    /**
     * The token in {@code file} if it is one Keyport wrote and nobody else could have read: a regular file (never
     * followed through a symlink), the user's own, mode 0600, holding 43 base64url characters. Anything else is
     * replaced by a new token, and the log says why (the old one may be known to others).
     */
    static Optional<String> readTrusted(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] bytes;
        if (Files.isSymbolicLink(file)) {
            LOG.warnf("%s is a symbolic link, not a token Keyport wrote; a new token replaces it", file);
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // (checked before opening: opening a FIFO would wait for a writer)
            LOG.warnf("%s is not a regular file; a new token replaces it", file);
            return Optional.empty();
        }
        // O_NOFOLLOW: should a symlink appear at the name after the checks above, the kernel refuses to open it.
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            if (Ownership.supported(file)) {
                if (Ownership.uid(file) != Ownership.currentUid()) {
                    LOG.warnf("%s belongs to another user; a new token replaces it", file);
                    return Optional.empty();
                }
                if (Ownership.accessibleByOthers(file)) {
                    LOG.warnf("%s was readable or writable by other users, so the token in it may be known; a new"
                            + " token replaces it (clients that kept the old one must read the file again)", file);
                    return Optional.empty();
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate(MAX_FILE_BYTES + 1);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read at most one byte more than a token file can hold
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            LOG.warnf("%s could not be read (%s); a new token replaces it", file, e.getClass().getSimpleName());
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!TOKEN_FILE.matcher(text).matches()) {
            LOG.warnf("%s does not hold a token as Keyport writes it; a new token replaces it", file);
            return Optional.empty();
        }
        return Optional.of(text.strip());
    }
}
