package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which session owns a profile section (the x_keyport_managed marker), and what another session, an older marker or a
 * forged one may do to it.
 */
class ProfileOwnershipTest extends ProfileFilesFixture {

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
                + rotatedDevCredentials(SESSION_B)
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
}
