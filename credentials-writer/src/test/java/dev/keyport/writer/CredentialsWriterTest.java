package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import dev.keyport.spi.SessionSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsWriterTest {

    static final String ID_A = "1d4e2f0a-7b3c-4d5e-9f60-718293a4b5c6";
    static final String ID_B = "c0ffee00-1234-4abc-8def-0123456789ab";
    static final SessionSummary SESSION = session(ID_A, "Dev");
    /** Another session delivering to the same profile name as {@link #SESSION}. */
    static final SessionSummary SESSION_B = session(ID_B, "Dev (admin)");
    static final AwsCredentials CREDS =
            new AwsCredentials("ASIA1", "sec", "tok", Instant.parse("2026-01-01T00:00:00Z"));
    static final AwsCredentials CREDS_B =
            new AwsCredentials("ASIA2", "secB", "tokB", Instant.parse("2026-01-01T01:00:00Z"));

    @TempDir
    Path dir;

    CredentialsWriter writer() {
        return new CredentialsWriter(
                new ProfileWriter(new AwsFileLocations(dir.resolve("credentials"), dir.resolve("config"))));
    }

    static SessionSummary session(String id, String alias) {
        return new SessionSummary(id, alias, "dev", "eu-west-1", "arn:aws:iam::1:role/r",
                "arn:aws:iam::1:saml-provider/p", "okta");
    }

    static ProfileCommand write(SessionEvent.Kind cause, SessionSummary session, AwsCredentials credentials,
                                boolean replaceProfile) {
        return new ProfileCommand.WriteKeys(cause, session.id(), session.profileName(), session.region(), credentials,
                replaceProfile);
    }

    static ProfileCommand withdraw(SessionEvent.Kind cause, SessionSummary session) {
        return new ProfileCommand.Withdraw(cause, session.id(), session.profileName());
    }

    @Test
    void startWritesAndStopRemoves() throws IOException {
        writer().handle(write(SessionEvent.Kind.STARTED, SESSION, CREDS, false));
        assertTrue(Files.readString(dir.resolve("credentials"))
                .contains("aws_session_token = tok\nx_security_token_expires = 2026-01-01T00:00:00Z\n"
                        + "x_keyport_managed = " + ID_A + "\n"));
        assertTrue(Files.readString(dir.resolve("config"))
                .contains("[profile dev]\nregion = eu-west-1\nx_keyport_managed = " + ID_A + "\n"));
        assertEquals(Optional.of(CREDS), writer().readBack(new ProfileCommand.ReadBack(ID_A, "dev")));
        writer().handle(withdraw(SessionEvent.Kind.EXPIRED, SESSION));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
        assertEquals(Optional.empty(), writer().readBack(new ProfileCommand.ReadBack(ID_A, "dev")));
    }

    @Test
    void aCommandThatCannotBeCarriedOutIsRefusedBeforeAnyFileIsTouched() {
        assertThrows(NullPointerException.class, () -> write(SessionEvent.Kind.ROTATED, SESSION, null, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(SessionEvent.Kind.STOPPED, SESSION, CREDS, false));
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withdraw(SessionEvent.Kind.STARTED, SESSION));
        assertThrows(IllegalArgumentException.class, () -> new ProfileCommand.WriteCredentialProcess(
                SessionEvent.Kind.FAILED, ID_A, "dev", "eu-west-1", "keyport credential-process x", false));
        assertFalse(Files.exists(dir.resolve("credentials")));
        assertFalse(Files.exists(dir.resolve("config")));
    }

    @Test
    void aCommandPrintsNoSecret() {
        AwsCredentials secret = new AwsCredentials("ASIAQWERTYUIOPASDFGH", "wJalrXUtnFEMIK7MDENGbPxRfiCY",
                "FwoGZXIvYXdzEJr", Instant.parse("2026-01-01T00:00:00Z"));
        String printed = write(SessionEvent.Kind.STARTED, SESSION, secret, false).toString();
        assertFalse(printed.contains("wJalrXUtnFEMIK7MDENGbPxRfiCY") || printed.contains("FwoGZXIvYXdzEJr")
                || printed.contains("ASIAQWERTYUIOPASDFGH"), printed);
    }

    @Test
    void rotationNeverReplacesAForeignSectionButAStartMay() throws IOException {
        Files.writeString(dir.resolve("credentials"), "[dev]\nmine = 1\n");
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().handle(write(SessionEvent.Kind.ROTATED, SESSION, CREDS, true)));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertEquals("[dev]\nmine = 1\n", Files.readString(dir.resolve("credentials")));

        writer().handle(write(SessionEvent.Kind.STARTED, SESSION, CREDS, true));
        assertTrue(Files.readString(dir.resolve("credentials")).contains("x_keyport_managed = " + ID_A + "\n"));
    }

    @Test
    void deletingAnInactiveSessionLeavesTheProfileOfTheActiveOneSharingItsName() throws IOException {
        writer().handle(write(SessionEvent.Kind.STARTED, SESSION, CREDS, false));
        byte[] credentialsBefore = Files.readAllBytes(dir.resolve("credentials"));
        byte[] configBefore = Files.readAllBytes(dir.resolve("config"));
        assertTrue(new String(credentialsBefore, StandardCharsets.UTF_8).contains("x_keyport_managed = " + ID_A));

        // B is inactive (no credentials), shares the profile name, and is deleted.
        writer().handle(withdraw(SessionEvent.Kind.DELETED, SESSION_B));
        assertArrayEquals(credentialsBefore, Files.readAllBytes(dir.resolve("credentials")));
        assertArrayEquals(configBefore, Files.readAllBytes(dir.resolve("config")));

        // A's own withdrawal still removes it.
        writer().handle(withdraw(SessionEvent.Kind.DELETED, SESSION));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
    }

    @Test
    void aSessionStartedOnTheSameProfileTakesItOverAndALateStopOfThePreviousOwnerLeavesIt() throws IOException {
        writer().handle(write(SessionEvent.Kind.STARTED, SESSION, CREDS, false));
        // The host stopped A before starting B; B needs no permission to replace A's section.
        writer().handle(write(SessionEvent.Kind.STARTED, SESSION_B, CREDS_B, false));
        String credentials = Files.readString(dir.resolve("credentials"));
        assertEquals("[dev]\naws_access_key_id = ASIA2\naws_secret_access_key = secB\naws_session_token = tokB\n"
                + "x_security_token_expires = 2026-01-01T01:00:00Z\nx_keyport_managed = " + ID_B + "\n", credentials);
        String config = Files.readString(dir.resolve("config"));
        assertEquals("[profile dev]\nregion = eu-west-1\nx_keyport_managed = " + ID_B + "\n", config);

        writer().handle(withdraw(SessionEvent.Kind.STOPPED, SESSION));
        writer().handle(withdraw(SessionEvent.Kind.EXPIRED, SESSION));
        assertEquals(credentials, Files.readString(dir.resolve("credentials")));
        assertEquals(config, Files.readString(dir.resolve("config")));

        writer().handle(withdraw(SessionEvent.Kind.STOPPED, SESSION_B));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
    }

    @Test
    void aCredentialProcessProfileIsWrittenToTheConfigFileOnlyAndWithdrawnLikeAnyOther() throws IOException {
        writer().handle(new ProfileCommand.WriteCredentialProcess(SessionEvent.Kind.STARTED, ID_A, "dev", "eu-west-1",
                "keyport credential-process " + ID_A, false));
        assertFalse(Files.exists(dir.resolve("credentials")) && Files.readString(dir.resolve("credentials"))
                .contains("[dev]"));
        assertTrue(Files.readString(dir.resolve("config"))
                .contains("credential_process = keyport credential-process " + ID_A), Files.readString(dir.resolve("config")));
        assertEquals(Optional.empty(), writer().readBack(new ProfileCommand.ReadBack(ID_A, "dev")));
        writer().handle(withdraw(SessionEvent.Kind.STOPPED, SESSION));
        assertEquals("", Files.readString(dir.resolve("config")));
    }
}
