package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writing, refreshing and removing a session's profile in the AWS files: permissions, foreign content kept byte for
 * byte, line endings, names the files cannot hold, secrets kept out of errors.
 */
class ProfileWriterTest extends ProfileFilesFixture {

    @Test
    void writesTheExpectedSectionsIntoNewFiles() throws IOException {
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals(DEV_CREDENTIALS, Files.readString(credentials()));
        assertEquals(DEV_CONFIG, Files.readString(config()));
    }

    @Test
    void createdDirectoryIs0700AndFilesAre0600() throws IOException {
        assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"));
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".aws"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config())));
    }

    @Test
    void existingFilesBecome0600() throws IOException {
        assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"));
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("rw-r--r--"));
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials())));
    }

    @Test
    void appendsAfterForeignContent() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n" + DEV_CONFIG, Files.readString(config()));
    }

    @Test
    void rotationReplacesValuesInPlace() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        // Something added after our section: a rotation must not move our section behind it.
        Files.writeString(credentials(), Files.readString(credentials()) + "\n[later]\nk = v\n");
        writer().writeProfile("dev", SESSION_A, ROTATED, "eu-west-2", false);
        assertEquals(FOREIGN_CREDENTIALS + "\n"
                + rotatedDevCredentials(SESSION_A)
                + "\n[later]\nk = v\n", Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n[profile dev]\nregion = eu-west-2\nx_keyport_managed = " + SESSION_A + "\n",
                Files.readString(config()));
    }

    @Test
    void rotationKeepsCrlfFiles() throws IOException {
        seed(FOREIGN_CREDENTIALS.replace("\n", "\r\n"), "");
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals(FOREIGN_CREDENTIALS.replace("\n", "\r\n") + "\r\n" + DEV_CREDENTIALS.replace("\n", "\r\n"),
                Files.readString(credentials()));
    }

    @Test
    void removeGivesBackTheForeignContentByteForByte() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        writer().writeProfile("qa", SESSION_B, ROTATED, "eu-west-2", false);
        writer().removeProfile("dev", SESSION_A);
        writer().removeProfile("qa", SESSION_B);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
    }

    @Test
    void removeLeavesAForeignSectionOfTheSameName() throws IOException {
        String foreignDev = FOREIGN_CREDENTIALS + "[dev]\naws_access_key_id = AKIAMINE\n";
        String foreignDevConfig = FOREIGN_CONFIG + "[profile   dev]\nregion = sa-east-1\n";
        seed(foreignDev, foreignDevConfig);
        writer().removeProfile("dev", SESSION_A);
        assertEquals(foreignDev, Files.readString(credentials()));
        assertEquals(foreignDevConfig, Files.readString(config()));
    }

    @Test
    void removeOfAnUnknownProfileCreatesNothing() {
        writer().removeProfile("dev", SESSION_A);
        assertFalse(Files.exists(home.resolve(".aws")));
    }

    @Test
    void refusesAForeignCredentialsSectionAndChangesNeitherFile() throws IOException {
        String credentialsText = FOREIGN_CREDENTIALS + "\n[dev]\naws_access_key_id = AKIAMINE\n";
        seed(credentialsText, FOREIGN_CONFIG);
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertTrue(e.getMessage().contains("[dev]"), e.getMessage());
        assertTrue(e.getMessage().contains(credentials().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("replace"), e.getMessage());
        assertTrue(e.getMessage().contains("backup"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains(TOKEN));
        assertEquals(credentialsText, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
        assertEquals(List.of(), backups());
    }

    @Test
    void aForeignConfigSectionAlsoBlocksTheCredentialsFile() throws IOException {
        String configText = FOREIGN_CONFIG + "\n[profile dev]\nregion = ap-south-1\n";
        seed(FOREIGN_CREDENTIALS, configText);
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertTrue(e.getMessage().contains("[profile dev]"), e.getMessage());
        assertTrue(e.getMessage().contains(config().toString()), e.getMessage());
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(configText, Files.readString(config()));
    }

    @Test
    void replaceForeignKeepsABackupOfTheOriginal() throws IOException {
        String credentialsText = "[dev]\naws_access_key_id = AKIAMINE\nmine = 1\n\n[other]\nk = v\n";
        seed(credentialsText, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", true);
        List<Path> backups = backups();
        assertEquals(1, backups.size(), backups.toString());
        assertTrue(backups.get(0).getFileName().toString().matches("credentials\\.keyport-backup-\\d{8}T\\d{6}Z"));
        assertEquals(credentialsText, Files.readString(backups.get(0)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0))));
        // The section remembers which backup holds the user's own, to put it back on withdrawal.
        assertEquals(DEV_CREDENTIALS + "x_keyport_replaced = " + backups.get(0).getFileName() + "\n"
                + "\n[other]\nk = v\n", Files.readString(credentials()));
        // The config section did not exist, so the config file needed no backup.
        assertEquals(FOREIGN_CONFIG + "\n" + DEV_CONFIG, Files.readString(config()));
    }

    @Test
    void defaultProfileUsesDefaultSectionInConfig() throws IOException {
        seed("", "[profile default]\nregion = x\n");
        writer().writeProfile("default", SESSION_A, CREDS, "eu-west-1", false);
        assertTrue(Files.readString(credentials()).startsWith("[default]\n"));
        assertEquals("[profile default]\nregion = x\n\n[default]\nregion = eu-west-1\nx_keyport_managed = " + SESSION_A
                        + "\n",
                Files.readString(config()));
        writer().removeProfile("default", SESSION_A);
        assertEquals("", Files.readString(credentials()));
        assertEquals("[profile default]\nregion = x\n", Files.readString(config()));
    }

    @Test
    void symlinkedCredentialsFileStaysASymlink() throws IOException {
        Path dotfiles = Files.createDirectories(home.resolve("dotfiles/aws"));
        Path real = dotfiles.resolve("credentials");
        Files.writeString(real, FOREIGN_CREDENTIALS);
        Files.createDirectories(home.resolve(".aws"));
        Path middle = home.resolve("middle-link");
        Files.createSymbolicLink(middle, Path.of("dotfiles/aws/credentials"));
        Files.createSymbolicLink(credentials(), middle);

        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);

        assertTrue(Files.isSymbolicLink(credentials()));
        assertEquals(middle, Files.readSymbolicLink(credentials()));
        assertTrue(Files.isSymbolicLink(middle));
        assertEquals(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, Files.readString(real));
    }

    @Test
    void rejectsProfileNamesThatBreakTheFile() {
        for (String bad : List.of("", " dev", "dev ", "a]b", "[x", "a\nb", "a\r", "a#b", "a;b")) {
            KeyportException e = assertThrows(KeyportException.class,
                    () -> writer().writeProfile(bad, SESSION_A, CREDS, "eu-west-1", false), bad);
            assertEquals(ErrorCategory.INVALID_INPUT, e.category());
            assertEquals(ErrorCategory.INVALID_INPUT,
                    assertThrows(KeyportException.class, () -> writer().removeProfile(bad, SESSION_A)).category());
        }
        assertFalse(Files.exists(home.resolve(".aws")));
    }

    @Test
    void secretsNeverAppearInExceptionMessages() throws IOException {
        AwsCredentials broken = new AwsCredentials("ASIA1", SECRET + "\n[evil]", TOKEN, Instant.now());
        KeyportException invalid = assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, broken, "eu-west-1", false));
        assertEquals(ErrorCategory.INVALID_INPUT, invalid.category());
        assertFalse(invalid.getMessage().contains(SECRET), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("secret access key"), invalid.getMessage());

        seed("[dev]\nk = v\n", "");
        KeyportException conflict = assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false));
        assertFalse(conflict.getMessage().contains(SECRET), conflict.getMessage());
        assertFalse(conflict.getMessage().contains(TOKEN), conflict.getMessage());
    }

    @Test
    void refusesWhenBothSettingsNameTheSameFile() {
        ProfileWriter same = new ProfileWriter(new AwsFileLocations(credentials(), credentials()));
        assertEquals(ErrorCategory.INVALID_INPUT, assertThrows(KeyportException.class,
                () -> same.writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false)).category());
    }
}
