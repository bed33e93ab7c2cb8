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
import java.util.HashMap;
import java.util.Map;
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

    final Map<String, AwsCredentials> live = new HashMap<>();

    CredentialsWriter writer() {
        return new CredentialsWriter(id -> Optional.ofNullable(live.get(id)),
                new ProfileWriter(new AwsFileLocations(dir.resolve("credentials"), dir.resolve("config"))));
    }

    static SessionSummary session(String id, String alias) {
        return new SessionSummary(id, alias, "dev", "eu-west-1", "arn:aws:iam::1:role/r",
                "arn:aws:iam::1:saml-provider/p", "okta");
    }

    static SessionEvent event(SessionEvent.Kind kind, boolean replaceForeign) {
        return event(kind, SESSION, replaceForeign);
    }

    static SessionEvent event(SessionEvent.Kind kind, SessionSummary session, boolean replaceForeign) {
        return new SessionEvent(kind, session, Instant.now(), null, null, replaceForeign);
    }

    @Test
    void startWritesAndStopRemoves() throws IOException {
        live.put(ID_A, CREDS);
        writer().onSessionEvent(event(SessionEvent.Kind.STARTED, false));
        assertTrue(Files.readString(dir.resolve("credentials"))
                .contains("aws_session_token = tok\nx_security_token_expires = 2026-01-01T00:00:00Z\n"
                        + "x_keyport_managed = " + ID_A + "\n"));
        assertTrue(Files.readString(dir.resolve("config"))
                .contains("[profile dev]\nregion = eu-west-1\nx_keyport_managed = " + ID_A + "\n"));
        writer().onSessionEvent(event(SessionEvent.Kind.EXPIRED, false));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
    }

    @Test
    void missingCredentialsAreAnInternalError() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().onSessionEvent(event(SessionEvent.Kind.ROTATED, false)));
        assertEquals(ErrorCategory.INTERNAL, e.category());
        assertFalse(Files.exists(dir.resolve("credentials")));
    }

    @Test
    void rotationNeverReplacesAForeignSectionButAStartMay() throws IOException {
        live.put(ID_A, CREDS);
        Files.writeString(dir.resolve("credentials"), "[dev]\nmine = 1\n");
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().onSessionEvent(event(SessionEvent.Kind.ROTATED, true)));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertEquals("[dev]\nmine = 1\n", Files.readString(dir.resolve("credentials")));

        writer().onSessionEvent(event(SessionEvent.Kind.STARTED, true));
        assertTrue(Files.readString(dir.resolve("credentials")).contains("x_keyport_managed = " + ID_A + "\n"));
    }

    @Test
    void deletingAnInactiveSessionLeavesTheProfileOfTheActiveOneSharingItsName() throws IOException {
        live.put(ID_A, CREDS);
        writer().onSessionEvent(event(SessionEvent.Kind.STARTED, SESSION, false));
        byte[] credentialsBefore = Files.readAllBytes(dir.resolve("credentials"));
        byte[] configBefore = Files.readAllBytes(dir.resolve("config"));
        assertTrue(new String(credentialsBefore, StandardCharsets.UTF_8).contains("x_keyport_managed = " + ID_A));

        // B is inactive (no credentials), shares the profile name, and is deleted.
        writer().onSessionEvent(event(SessionEvent.Kind.DELETED, SESSION_B, false));
        assertArrayEquals(credentialsBefore, Files.readAllBytes(dir.resolve("credentials")));
        assertArrayEquals(configBefore, Files.readAllBytes(dir.resolve("config")));

        // A's own withdrawal still removes it.
        writer().onSessionEvent(event(SessionEvent.Kind.DELETED, SESSION, false));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
    }

    @Test
    void aSessionStartedOnTheSameProfileTakesItOverAndALateStopOfThePreviousOwnerLeavesIt() throws IOException {
        live.put(ID_A, CREDS);
        live.put(ID_B, CREDS_B);
        writer().onSessionEvent(event(SessionEvent.Kind.STARTED, SESSION, false));
        // The host stopped A before starting B; B needs no permission to replace A's section.
        writer().onSessionEvent(event(SessionEvent.Kind.STARTED, SESSION_B, false));
        String credentials = Files.readString(dir.resolve("credentials"));
        assertEquals("[dev]\naws_access_key_id = ASIA2\naws_secret_access_key = secB\naws_session_token = tokB\n"
                + "x_security_token_expires = 2026-01-01T01:00:00Z\nx_keyport_managed = " + ID_B + "\n", credentials);
        String config = Files.readString(dir.resolve("config"));
        assertEquals("[profile dev]\nregion = eu-west-1\nx_keyport_managed = " + ID_B + "\n", config);

        writer().onSessionEvent(event(SessionEvent.Kind.STOPPED, SESSION, false));
        writer().onSessionEvent(event(SessionEvent.Kind.EXPIRED, SESSION, false));
        assertEquals(credentials, Files.readString(dir.resolve("credentials")));
        assertEquals(config, Files.readString(dir.resolve("config")));

        writer().onSessionEvent(event(SessionEvent.Kind.STOPPED, SESSION_B, false));
        assertEquals("", Files.readString(dir.resolve("credentials")));
        assertEquals("", Files.readString(dir.resolve("config")));
    }

    @Test
    void otherEventsAreIgnored() {
        live.put(ID_A, CREDS);
        writer().onSessionEvent(event(SessionEvent.Kind.STARTING, false));
        writer().onSessionEvent(new SessionEvent(SessionEvent.Kind.FAILED, SESSION, Instant.now(), null, "x", false));
        assertFalse(Files.exists(dir.resolve("credentials")));
        assertFalse(Files.exists(dir.resolve("config")));
    }
}
