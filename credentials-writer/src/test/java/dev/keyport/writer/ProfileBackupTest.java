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

/**
 * credential_process delivery, reading delivered keys back, and the backups that give a replaced profile back to its
 * user.
 */
class ProfileBackupTest extends ProfileFilesFixture {

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
