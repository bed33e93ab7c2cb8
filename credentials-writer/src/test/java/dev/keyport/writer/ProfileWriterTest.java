package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProfileWriterTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDEXAMPLE+abc=";
    static final String SESSION_A = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
    static final String SESSION_B = "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d";
    static final AwsCredentials CREDS =
            new AwsCredentials("ASIAEXAMPLE1", SECRET, TOKEN, Instant.parse("2026-11-28T10:00:00.123Z"));
    static final AwsCredentials ROTATED =
            new AwsCredentials("ASIAEXAMPLE2", SECRET + "2", TOKEN + "2", Instant.parse("2026-11-28T11:00:00Z"));

    static final String DEV_CREDENTIALS = "[dev]\n"
            + "aws_access_key_id = ASIAEXAMPLE1\n"
            + "aws_secret_access_key = " + SECRET + "\n"
            + "aws_session_token = " + TOKEN + "\n"
            + "x_security_token_expires = 2026-11-28T10:00:00Z\n"
            + "x_keyport_managed = " + SESSION_A + "\n";
    static final String DEV_CONFIG = "[profile dev]\n"
            + "region = eu-west-1\n"
            + "x_keyport_managed = " + SESSION_A + "\n";

    static final String FOREIGN_CREDENTIALS = "# personal keys, do not touch\n"
            + "[work]\n"
            + "aws_access_key_id = AKIAWORK\n"
            + "aws_secret_access_key = workSecret ; inline\n";
    static final String FOREIGN_CONFIG = "[default]\n"
            + "region = us-east-1\n"
            + "output = json\n"
            + "\n"
            + "[profile work]\n"
            + "s3 =\n"
            + "  max_concurrent_requests = 10\n";

    @TempDir
    Path home;

    Path credentials() {
        return home.resolve(".aws/credentials");
    }

    Path config() {
        return home.resolve(".aws/config");
    }

    ProfileWriter writer() {
        return new ProfileWriter(new AwsFileLocations(credentials(), config()));
    }

    void seed(String credentialsText, String configText) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(credentials(), credentialsText);
        Files.writeString(config(), configText);
    }

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
                + "[dev]\n"
                + "aws_access_key_id = ASIAEXAMPLE2\n"
                + "aws_secret_access_key = " + SECRET + "2\n"
                + "aws_session_token = " + TOKEN + "2\n"
                + "x_security_token_expires = 2026-11-28T11:00:00Z\n"
                + "x_keyport_managed = " + SESSION_A + "\n"
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

    @Test
    void removalByAnotherSessionLeavesBothFilesByteIdentical() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        byte[] credentialsBefore = Files.readAllBytes(credentials());
        byte[] configBefore = Files.readAllBytes(config());

        List<String> logged = captureInfoLog(() -> writer().removeProfile("dev", SESSION_B));

        assertArrayEquals(credentialsBefore, Files.readAllBytes(credentials()));
        assertArrayEquals(configBefore, Files.readAllBytes(config()));
        assertEquals(List.of(
                "Left section [dev] in " + credentials() + " in place: owned by session " + SESSION_A + ", not "
                        + SESSION_B,
                "Left section [profile dev] in " + config() + " in place: owned by session " + SESSION_A + ", not "
                        + SESSION_B), logged);
        assertEquals(List.of(), backups());

        writer().removeProfile("dev", SESSION_A);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
    }

    @Test
    void removalTakesOnlyTheSectionsTheSessionOwnsInEachFile() throws IOException {
        // Credentials section owned by A, config section by B: each file follows the same rule on its own.
        String configB = "[profile dev]\nregion = eu-west-3\nx_keyport_managed = " + SESSION_B + "\n";
        seed(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, FOREIGN_CONFIG + "\n" + configB);
        writer().removeProfile("dev", SESSION_A);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n" + configB, Files.readString(config()));
    }

    @Test
    void anotherSessionOverwritesTheSectionWithoutReplaceForeignAndBecomesItsOwner() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        Files.writeString(credentials(), Files.readString(credentials()) + "\n[later]\nk = v\n");

        List<String> logged =
                captureInfoLog(() -> writer().writeProfile("dev", SESSION_B, ROTATED, "eu-west-2", false));

        assertEquals(FOREIGN_CREDENTIALS + "\n"
                + "[dev]\n"
                + "aws_access_key_id = ASIAEXAMPLE2\n"
                + "aws_secret_access_key = " + SECRET + "2\n"
                + "aws_session_token = " + TOKEN + "2\n"
                + "x_security_token_expires = 2026-11-28T11:00:00Z\n"
                + "x_keyport_managed = " + SESSION_B + "\n"
                + "\n[later]\nk = v\n", Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n[profile dev]\nregion = eu-west-2\nx_keyport_managed = " + SESSION_B + "\n",
                Files.readString(config()));
        assertEquals(List.of(), backups());
        assertTrue(logged.contains("Section [dev] in " + credentials() + " was owned by session " + SESSION_A
                + "; session " + SESSION_B + " now owns it"), logged.toString());
        assertTrue(logged.stream().noneMatch(m -> m.contains(SECRET) || m.contains(TOKEN)), logged.toString());

        // The previous owner can no longer remove it; the new one can.
        writer().removeProfile("dev", SESSION_A);
        assertTrue(Files.readString(credentials()).contains("x_keyport_managed = " + SESSION_B + "\n"));
        assertTrue(Files.readString(config()).contains("x_keyport_managed = " + SESSION_B + "\n"));
        writer().removeProfile("dev", SESSION_B);
        assertEquals(FOREIGN_CREDENTIALS + "\n[later]\nk = v\n", Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
    }

    @Test
    void aLegacyTrueMarkerIsRemovedByAnySession() throws IOException {
        String legacyCredentials = "[dev]\naws_access_key_id = ASIAOLD\nx_keyport_managed = true\n";
        String legacyConfig = "[profile dev]\nregion = eu-west-1\nx_keyport_managed = TRUE\n";
        seed(FOREIGN_CREDENTIALS + "\n" + legacyCredentials, FOREIGN_CONFIG + "\n" + legacyConfig);
        writer().removeProfile("dev", SESSION_B);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));

        seed(FOREIGN_CREDENTIALS + "\n" + legacyCredentials, FOREIGN_CONFIG + "\n" + legacyConfig);
        writer().removeProfile("dev", SESSION_A);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
    }

    @Test
    void aLegacyTrueMarkerIsOverwrittenWithoutReplaceForeignAndThenNamesTheSession() throws IOException {
        seed(FOREIGN_CREDENTIALS + "\n[dev]\naws_access_key_id = ASIAOLD\nx_keyport_managed = true\n",
                FOREIGN_CONFIG + "\n[profile dev]\nregion = eu-west-1\nx_keyport_managed = true\n");
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n" + DEV_CONFIG, Files.readString(config()));
        assertEquals(List.of(), backups());
    }

    @Test
    void anEmptyMarkerIsNotKeyports() throws IOException {
        String credentialsText = FOREIGN_CREDENTIALS + "\n[dev]\naws_access_key_id = AKIAMINE\nx_keyport_managed =\n";
        seed(credentialsText, FOREIGN_CONFIG);
        assertEquals(ErrorCategory.CONFLICT, assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false)).category());
        writer().removeProfile("dev", SESSION_A);
        assertEquals(credentialsText, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
    }

    @Test
    void rejectsOwnerIdsThatCannotMarkASectionWithoutEchoingThem() throws IOException {
        List<String> bad = new ArrayList<>(List.of("", " ", SECRET + " x", SECRET + "\tx", SECRET + "\n[evil]",
                SECRET + "\u0000", "true", "True"));
        bad.add(null);
        for (String owner : bad) {
            KeyportException write = assertThrows(KeyportException.class,
                    () -> writer().writeProfile("dev", owner, CREDS, "eu-west-1", false), String.valueOf(owner));
            assertEquals(ErrorCategory.INVALID_INPUT, write.category());
            assertFalse(write.getMessage().contains(SECRET), write.getMessage());
            KeyportException remove = assertThrows(KeyportException.class,
                    () -> writer().removeProfile("dev", owner), String.valueOf(owner));
            assertEquals(ErrorCategory.INVALID_INPUT, remove.category());
            assertFalse(remove.getMessage().contains(SECRET), remove.getMessage());
        }
        assertFalse(Files.exists(home.resolve(".aws")));

        seed(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, FOREIGN_CONFIG + "\n" + DEV_CONFIG);
        assertThrows(KeyportException.class, () -> writer().removeProfile("dev", " " + SESSION_A));
        assertEquals(FOREIGN_CREDENTIALS + "\n" + DEV_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG + "\n" + DEV_CONFIG, Files.readString(config()));
    }

    /** The INFO messages ProfileWriter logs while {@code action} runs (System.Logger is backed by JUL here). */
    private static List<String> captureInfoLog(Runnable action) {
        Logger logger = Logger.getLogger(ProfileWriter.class.getName());
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.INFO) {
                    messages.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }
        return List.copyOf(messages);
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(".aws"))) {
            return files.filter(p -> p.getFileName().toString().contains(".keyport-backup-")).sorted().toList();
        }
    }

    @Test
    void credentialProcessDeliveryWritesTheConfigOnlyAndReplacesKeysFromAnEarlierStart() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertTrue(Files.readString(credentials()).contains("[dev]"));

        String command = "\"/opt/my tools/keyport\" credential-process " + SESSION_A;
        writer().writeCredentialProcessProfile("dev", SESSION_A, command, "eu-west-1", false);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()), "never both for one profile");
        assertEquals(FOREIGN_CONFIG + "\n[profile dev]\nregion = eu-west-1\ncredential_process = " + command
                + "\nx_keyport_managed = " + SESSION_A + "\n", Files.readString(config()));

        writer().removeProfile("dev", SESSION_A);
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()), "byte for byte as before");
    }

    @Test
    void credentialProcessDeliveryRefusesForeignKeysForTheProfileAndChangesNothing() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        KeyportException e = assertThrows(KeyportException.class, () -> writer().writeCredentialProcessProfile(
                "work", SESSION_A, "keyport credential-process x", "eu-west-1", false));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertEquals(FOREIGN_CREDENTIALS, Files.readString(credentials()));
        assertEquals(FOREIGN_CONFIG, Files.readString(config()));
        assertThrows(KeyportException.class, () -> writer().writeCredentialProcessProfile("dev", SESSION_A,
                "keyport\ncredential-process x", "eu-west-1", false), "a command must be one line");
    }

    @Test
    void deliveredCredentialsAreReadBackOnlyForTheirOwnSession() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        AwsCredentials back = writer().readDelivered("dev", SESSION_A).orElseThrow();
        assertEquals(CREDS.accessKeyId(), back.accessKeyId());
        assertEquals(CREDS.secretAccessKey(), back.secretAccessKey());
        assertEquals(CREDS.sessionToken(), back.sessionToken());
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), back.expiration(), "as written: whole seconds");
        assertTrue(writer().readDelivered("dev", SESSION_B).isEmpty(), "another session's profile is not its own");
        assertTrue(writer().readDelivered("work", SESSION_A).isEmpty(), "a foreign section is nobody's");
        writer().removeProfile("dev", SESSION_A);
        assertTrue(writer().readDelivered("dev", SESSION_A).isEmpty());
    }

    @Test
    void withdrawingAReplacedProfilePutsTheUsersOwnSectionBackAndSaysSo() throws IOException {
        String credentialsText = "# mine\n[dev]\naws_access_key_id = AKIAMINE\n# my note\naws_secret_access_key = mine\n"
                + "\n[other]\nk = v\n";
        String configText = "[profile dev]\nregion = ap-south-1\noutput = text\n";
        seed(credentialsText, configText);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", true);
        // Rotations and another session taking over keep the pointer to the user's original.
        writer().writeProfile("dev", SESSION_A, ROTATED, "eu-west-1", false);
        writer().writeProfile("dev", SESSION_B, CREDS, "eu-west-1", false);
        assertEquals(2, backups().size(), "one backup per file, taken once");
        assertTrue(Files.readString(credentials()).contains("x_keyport_replaced = credentials.keyport-backup-"));
        assertTrue(Files.readString(config()).contains("x_keyport_replaced = config.keyport-backup-"));

        List<String> done = writer().removeProfile("dev", SESSION_B);
        assertEquals(credentialsText, Files.readString(credentials()), "the user's own section, as it was");
        assertEquals(configText, Files.readString(config()));
        assertEquals(2, done.size(), done.toString());
        assertTrue(done.get(0).startsWith("put back your own [dev] in " + credentials() + " (from the backup"
                + " credentials.keyport-backup-"), done.get(0));
        assertTrue(done.get(1).startsWith("put back your own [profile dev] in " + config()), done.get(1));
    }

    @Test
    void withdrawingSaysWhatWasRemoved() throws IOException {
        seed(FOREIGN_CREDENTIALS, FOREIGN_CONFIG);
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false);
        assertEquals(List.of("removed [dev] from " + credentials(), "removed [profile dev] from " + config()),
                writer().removeProfile("dev", SESSION_A));
        assertEquals(List.of(), writer().removeProfile("dev", SESSION_A), "nothing left to withdraw");
    }

    @Test
    void aMissingOrTamperedBackupIsNotTrustedAndKeyportsSectionStillGoes() throws IOException {
        seed("[dev]\naws_access_key_id = AKIAMINE\n", "");
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", true);
        Path backup = backups().get(0);
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(backup, "[dev]\naws_access_key_id = AKIAPLANTED\n");
        List<String> done = writer().removeProfile("dev", SESSION_A);
        assertFalse(Files.readString(credentials()).contains("AKIAPLANTED"));
        assertFalse(Files.readString(credentials()).contains("[dev]"));
        assertTrue(done.get(0).contains("could not put back your own [dev]") && done.get(0).contains("others could"),
                done.toString());

        seed("[dev]\naws_access_key_id = AKIAMINE\n", "");
        writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", true);
        for (Path p : backups()) {
            Files.delete(p);
        }
        done = writer().removeProfile("dev", SESSION_A);
        assertEquals("", Files.readString(credentials()));
        assertTrue(done.get(0).contains("is missing"), done.toString());
    }

    @Test
    void aPointerThatNamesAnotherFileIsIgnored() throws IOException {
        seed("", "");
        Files.writeString(home.resolve("secret"), "[dev]\naws_access_key_id = AKIAELSEWHERE\n");
        Files.writeString(credentials(), "[dev]\naws_access_key_id = X\nx_keyport_managed = " + SESSION_A
                + "\nx_keyport_replaced = ../secret\n");
        List<String> done = writer().removeProfile("dev", SESSION_A);
        assertEquals("", Files.readString(credentials()));
        assertTrue(done.get(0).contains("names no backup"), done.toString());
    }

    @Test
    void atMostAFewBackupsAreKeptButNeverOneASectionStillNeeds() throws IOException {
        seed("[keep]\nk = v\n", "");
        writer().writeProfile("keep", SESSION_A, CREDS, "eu-west-1", true);
        String needed = backups().get(0).getFileName().toString();
        // The user keeps a profile of their own that Keyport replaces and withdraws again and again.
        Files.writeString(credentials(), Files.readString(credentials()) + "\n[mine]\nk = v\n");
        for (int i = 0; i < ProfileWriter.BACKUPS_KEPT + 3; i++) {
            writer().writeProfile("mine", SESSION_B, CREDS, "eu-west-1", true);
            writer().removeProfile("mine", SESSION_B);
        }
        List<String> names = backups().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(ProfileWriter.BACKUPS_KEPT, names.size(), names.toString());
        assertTrue(names.contains(needed), "the backup [keep] points to stays: " + names);
        writer().removeProfile("keep", SESSION_A);
        assertTrue(Files.readString(credentials()).startsWith("[keep]\nk = v\n"));
    }

    @Test
    void aCredentialProcessProfileThatReplacedTheUsersKeysPutsThemBack() throws IOException {
        String credentialsText = "[dev]\naws_access_key_id = AKIAMINE\naws_secret_access_key = mine\n";
        seed(credentialsText, "");
        writer().writeCredentialProcessProfile("dev", SESSION_A, "keyport credential-process x", "eu-west-1",
                true);
        assertEquals("", Files.readString(credentials()), "static keys would win over the command");
        assertTrue(Files.readString(config()).contains("x_keyport_replaced_credentials = credentials.keyport-backup-"));
        List<String> done = writer().removeProfile("dev", SESSION_A);
        assertEquals(credentialsText, Files.readString(credentials()));
        assertEquals("", Files.readString(config()));
        assertTrue(done.stream().anyMatch(l -> l.startsWith("put back your own [dev] in " + credentials())),
                done.toString());
    }
}
