package dev.keyport.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.login.LoginFlow;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades of sessions.json, against files real Keyports wrote (src/test/resources/session-files): each Keyport that
 * changes the schema keeps the file its predecessor wrote there. {@code sessions-schema-1.json} was written by Keyport
 * 0.1.0 (commit c3fbe67) through its CLI: two active sessions (one chained), one that failed, one headless one never
 * started. {@code sessions-schema-2.json} is what this version's daemon wrote when it first read that file: the
 * fixture the next schema's upgrade starts from.
 */
class SessionFileUpgradeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    @TempDir
    Path home;

    private SessionStore store() {
        return new SessionStore(new KeyportHome(home.toString()), MAPPER);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = SessionFileUpgradeTest.class.getResourceAsStream("/session-files/" + name)) {
            return in.readAllBytes();
        }
    }

    private Path file() {
        return home.resolve(SessionStore.FILE_NAME);
    }

    @Test
    void aFileOfSchemaOneIsUpgradedOnFirstReadAndTheOldOneKeptPrivateBesideIt() throws IOException {
        byte[] old = fixture("sessions-schema-1.json");
        Files.write(file(), old);

        List<FederatedSession> sessions = store().all();

        assertEquals(List.of("admin", "readonly", "okta-dev", "chained"),
                sessions.stream().map(s -> s.definition().alias()).toList());
        FederatedSession admin = sessions.get(0);
        assertEquals(SessionStatus.ACTIVE, admin.state().status());
        assertEquals(Instant.parse("2026-12-02T19:39:18Z"), admin.state().expiresAt());
        assertEquals("arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com", admin.state().identityArn());
        assertEquals(SessionStatus.FAILED, sessions.get(1).state().status());
        assertEquals(List.of("^http://127\\.0\\.0\\.1:18101/_testkit/.*"),
                sessions.get(1).definition().loginPagePatterns());
        assertEquals(LoginFlow.HEADLESS, sessions.get(2).definition().loginFlow());
        assertEquals("alice@example.com", sessions.get(2).definition().username());
        assertEquals(admin.id(), sessions.get(3).definition().parentSession());

        ObjectNode upgraded = (ObjectNode) MAPPER.readTree(file().toFile());
        assertEquals(SessionStore.SCHEMA_VERSION, upgraded.get("schemaVersion").intValue());
        assertTrue(upgraded.get("writtenBy").isTextual(), upgraded.toString());
        Path backup = home.resolve("sessions.json.schema-1.bak");
        assertArrayEquals(old, Files.readAllBytes(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));

        // The upgraded file reads back as the same sessions, and is not upgraded (or backed up) again.
        byte[] afterUpgrade = Files.readAllBytes(file());
        Files.delete(backup);
        assertEquals(sessions, store().all());
        assertArrayEquals(afterUpgrade, Files.readAllBytes(file()));
        assertFalse(Files.exists(backup));
    }

    @Test
    void anUpgradedStoreKeepsWorking() throws IOException {
        Files.write(file(), fixture("sessions-schema-1.json"));
        SessionStore store = store();
        FederatedSession okta = store.all().get(2);
        store.delete(okta.id());

        assertEquals(List.of("admin", "readonly", "chained"),
                store().all().stream().map(s -> s.definition().alias()).toList());
    }

    @Test
    void aFileOfTheCurrentSchemaIsReadAsItIsAndNotRewritten() throws IOException {
        Files.write(file(), fixture("sessions-schema-1.json"));
        List<FederatedSession> upgraded = store().all();
        Files.delete(home.resolve("sessions.json.schema-1.bak"));
        byte[] current = fixture("sessions-schema-" + SessionStore.SCHEMA_VERSION + ".json");
        Files.write(file(), current);

        assertEquals(upgraded, store().all(), "the daemon's own upgrade of the same file reads the same");

        assertArrayEquals(current, Files.readAllBytes(file()));
        try (var listing = Files.list(home)) {
            assertEquals(List.of(file()), listing.toList());
        }
    }

    @Test
    void aFileOfANewerKeyportIsRefusedNamingThatKeyportAndIsNeverOverwritten() throws IOException {
        int newer = SessionStore.SCHEMA_VERSION + 1;
        byte[] future = ("{\"schemaVersion\": " + newer + ", \"writtenBy\": \"9.4.1\", \"sessions\": [],"
                + " \"somethingNew\": true}").getBytes();
        Files.write(file(), future);
        SessionStore store = store();

        KeyportException e = assertThrows(KeyportException.class, store::all);

        assertTrue(e.getMessage().contains("was written by Keyport 9.4.1 (session file schema " + newer + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("reads schema " + SessionStore.SCHEMA_VERSION + " and older"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Upgrade Keyport to 9.4.1 or newer"), e.getMessage());
        assertFalse(e.getMessage().contains("copy the newer Keyport kept"), e.getMessage());
        assertThrows(KeyportException.class, () -> store.delete("x"));
        assertArrayEquals(future, Files.readAllBytes(file()));
        try (var listing = Files.list(home)) {
            assertEquals(List.of(file()), listing.toList(), "nothing was backed up or written");
        }
    }

    @Test
    void theRefusalOfANewerFilePointsToTheBackupTheNewerKeyportKeptOfThisVersionsFile() throws IOException {
        Files.write(file(), ("{\"schemaVersion\": " + (SessionStore.SCHEMA_VERSION + 1) + ", \"writtenBy\":"
                + " \"$(reboot)\", \"sessions\": []}").getBytes());
        Path backup = home.resolve("sessions.json.schema-" + SessionStore.SCHEMA_VERSION + ".bak");
        Files.writeString(backup, "{}");

        KeyportException e = assertThrows(KeyportException.class, () -> store().all());

        assertTrue(e.getMessage().contains("was written by a newer Keyport"), e.getMessage());
        assertFalse(e.getMessage().contains("reboot"), "a version that is no version is not shown: " + e.getMessage());
        assertTrue(e.getMessage().contains("replace it with the copy the newer Keyport kept when it upgraded the file, "
                + backup), e.getMessage());
    }

    @Test
    void aFileWithoutASchemaOrOfASchemaNoKeyportWroteIsRefusedUnchanged() throws IOException {
        for (String content : List.of("{\"sessions\": []}", "[]", "{\"schemaVersion\": \"2\", \"sessions\": []}",
                "{\"schemaVersion\": 0, \"sessions\": []}", "{\"schemaVersion\": -3, \"sessions\": []}")) {
            Files.writeString(file(), content);
            KeyportException e = assertThrows(KeyportException.class, () -> store().all(), content);
            assertTrue(e.getMessage().contains("not a valid Keyport session file")
                    || e.getMessage().contains("which no Keyport wrote"), content + " -> " + e.getMessage());
            assertEquals(content, Files.readString(file()));
        }
    }

    @Test
    void anUpgradeThatCannotKeepItsBackupChangesNothing() throws IOException {
        byte[] old = fixture("sessions-schema-1.json");
        Files.write(file(), old);
        // A folder where the backup goes: the backup cannot be written there (even by root, who ignores modes).
        Files.createDirectory(home.resolve("sessions.json.schema-1.bak"));
        SessionStore store = store();

        KeyportException e = assertThrows(KeyportException.class, store::all);

        assertTrue(e.getMessage().contains("Cannot upgrade " + file() + " from schema version 1 to "
                + SessionStore.SCHEMA_VERSION), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file was not changed."), e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file()));
        assertTrue(store.problem().isPresent());
    }

    @Test
    void aSessionEntryThatIsBrokenInAnOldFileIsReportedAndNothingIsUpgraded() throws IOException {
        String broken = new String(fixture("sessions-schema-1.json")).replace("\"alias\" : \"okta-dev\"",
                "\"alias\" : null");
        Files.writeString(file(), broken);

        KeyportException e = assertThrows(KeyportException.class, () -> store().all());

        assertTrue(e.getMessage().contains("session #3 lacks its alias"), e.getMessage());
        assertEquals(broken, Files.readString(file()));
        assertFalse(Files.exists(home.resolve("sessions.json.schema-1.bak")));
    }
}
