package dev.keyport.api;

import dev.keyport.daemon.KeyportHome;
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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The bearer token of the control API: 256 random bits, created at first start in {@code $KEYPORT_HOME/api-token}
 * (0600) and read by the CLI and by anyone the user lets read that file. Compared in constant time.
 */
@Singleton
public class ApiToken {
    static final String FILE_NAME = "api-token";
    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final int TOKEN_BYTES = 32;

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
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (existing.length() >= 43) {
                    tightenPermissions(file);
                    return existing.getBytes(StandardCharsets.UTF_8);
                }
                LOG.warnf("%s is too short to be a Keyport token; a new token replaces it", file);
            }
            byte[] random = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(random);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrivateFiles.writeAtomically(file, (created + "\n").getBytes(StandardCharsets.US_ASCII));
            LOG.infof("Created the API token in %s", file);
            return created.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL, "Cannot read or create the API token " + file + " ("
                    + e.getMessage() + "). Check the permissions of " + file.getParent() + ".", e);
        }
    }

    private static void tightenPermissions(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!perms.equals(PosixFilePermissions.fromString("rw-------"))) {
            LOG.warnf("%s was readable by others; restricted it to its owner (0600)", file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
