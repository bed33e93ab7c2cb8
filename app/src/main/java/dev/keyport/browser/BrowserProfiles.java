package dev.keyport.browser;

import dev.keyport.daemon.KeyportHome;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * One persistent browser profile per IdP URL, under {@code $KEYPORT_HOME/browser-profiles}: the IdP's cookies live
 * there between starts and daemon restarts, which is what makes a refresh silent. Sessions with the same SAML URL
 * share it; logging out wipes it.
 */
@Singleton
public class BrowserProfiles {
    static final String DIR = "browser-profiles";
    private final KeyportHome home;

    public BrowserProfiles(KeyportHome home) {
        this.home = home;
    }

    /** The profile folder for a SAML URL (not created). */
    public Path profileFor(String samlUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(samlUrl.getBytes(StandardCharsets.UTF_8));
            return home.resolve(DIR).resolve(HexFormat.of().formatHex(digest, 0, 10));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The profile folder for a SAML URL, created 0700 if missing. */
    public Path ensureProfile(String samlUrl) {
        Path dir = profileFor(samlUrl);
        try {
            Files.createDirectories(dir.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return dir;
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL, "Cannot create the browser profile " + dir + " ("
                    + e.getMessage() + "). Check the permissions of " + dir.getParent() + ".", e);
        }
    }

    /** Deletes the profile (the IdP's cookies with it): the next login asks for the password again. */
    public boolean wipe(String samlUrl) {
        Path dir = profileFor(samlUrl);
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            return true;
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL, "Could not delete the browser profile " + dir + " ("
                    + e.getMessage() + "). Close any browser using it and try again.", e);
        }
    }
}
