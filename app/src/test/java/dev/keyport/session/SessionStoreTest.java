package dev.keyport.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionStoreTest {
    @TempDir
    Path home;

    private SessionStore store() {
        return new SessionStore(new KeyportHome(home.toString()), new ObjectMapper().registerModule(new JavaTimeModule()));
    }

    private static FederatedSession session(String id, String alias) {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        return new FederatedSession(id, new SessionDefinition(alias, "p-" + alias, "eu-west-1",
                "https://acme.okta.com/home/amazon_aws/0oa1/272", "arn:aws:iam::123456789012:saml-provider/Okta",
                "arn:aws:iam::123456789012:role/Admin", "okta", 7200),
                new SessionState(SessionStatus.ACTIVE, at.plusSeconds(3600), 3600, null, null, List.of("a warning"), at), at);
    }

    @Test
    void sessionsSurviveARestartExactly() {
        SessionStore first = store();
        first.save(session("id-1", "one"));
        first.save(session("id-2", "two"));
        first.delete("id-1");

        SessionStore second = store();
        assertEquals(List.of(session("id-2", "two")), second.all());
    }

    @Test
    void fileIsVersionedPrivateAndHoldsNoTemporaryLeftovers() throws IOException {
        store().save(session("id-1", "one"));
        Path file = home.resolve(SessionStore.FILE_NAME);
        String text = Files.readString(file);
        assertTrue(text.contains("\"schemaVersion\" : " + SessionStore.SCHEMA_VERSION + ","), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(home)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void corruptFileIsReportedAndNeverOverwritten() throws IOException {
        Path file = home.resolve(SessionStore.FILE_NAME);
        byte[] corrupt = ("{\"schemaVersion\": " + SessionStore.SCHEMA_VERSION + ", \"sessions\": [ {\"id\": ").getBytes();
        Files.write(file, corrupt);
        SessionStore store = store();

        KeyportException e = assertThrows(KeyportException.class, store::all);
        assertEquals(ErrorCategory.UNAVAILABLE, e.category());
        assertTrue(e.getMessage().contains("not a valid Keyport session file at line 1"), e.getMessage());
        assertThrows(KeyportException.class, () -> store.save(session("id-1", "one")));
        assertTrue(store.problem().isPresent());
        assertArrayEquals(corrupt, Files.readAllBytes(file));
    }

    @Test
    void aNullOrMalformedEntryIsReportedLikeAnyCorruptFileAndNeverOverwritten() throws IOException {
        Path file = home.resolve(SessionStore.FILE_NAME);
        String valid = new String(Files.readAllBytes(writeOne()));
        String entry = valid.substring(valid.indexOf('{', valid.indexOf("\"sessions\"")), valid.lastIndexOf(']'));
        Map<String, String> cases = new LinkedHashMap<>();
        String V = "{\"schemaVersion\": " + SessionStore.SCHEMA_VERSION + ", ";
        cases.put(V + "\"sessions\": [null]}", "session #1 is empty (null)");
        cases.put(V + "\"sessions\": [" + entry + ", null]}", "session #2 is empty (null)");
        cases.put(V + "\"sessions\": [{}]}", "session #1 has no id");
        cases.put(V + "\"sessions\": [{\"id\": \"x\"}]}", "session #1 has no definition");
        cases.put(V + "\"sessions\": [" + entry + ", " + entry + "]}",
                "session #2 repeats the id");
        cases.put(V + "\"sessions\": [" + entry.replace("\"state\"", "\"was\"") + "]}",
                "not a valid Keyport session file");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] content = c.getKey().getBytes();
            Files.write(file, content);
            SessionStore store = store();
            KeyportException e = assertThrows(KeyportException.class, store::all, c.getKey());
            assertEquals(ErrorCategory.UNAVAILABLE, e.category());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
            assertThrows(KeyportException.class, () -> store.save(session("id-9", "nine")));
            assertTrue(store.problem().isPresent());
            assertArrayEquals(content, Files.readAllBytes(file));
        }
    }

    private Path writeOne() {
        store().save(session("id-1", "one"));
        return home.resolve(SessionStore.FILE_NAME);
    }

    @Test
    void unknownSchemaVersionIsReportedAndNeverOverwritten() throws IOException {
        Path file = home.resolve(SessionStore.FILE_NAME);
        int newer = SessionStore.SCHEMA_VERSION + 1;
        byte[] future = ("{\"schemaVersion\": " + newer + ", \"sessions\": []}").getBytes();
        Files.write(file, future);
        SessionStore store = store();

        KeyportException e = assertThrows(KeyportException.class, store::all);
        assertTrue(e.getMessage().contains("session file schema " + newer), e.getMessage());
        assertThrows(KeyportException.class, () -> store.save(session("id-1", "one")));
        assertArrayEquals(future, Files.readAllBytes(file));
    }

    @Test
    void missingFileMeansNoSessions() {
        SessionStore store = store();
        assertEquals(List.of(), store.all());
        assertFalse(store.problem().isPresent());
        assertFalse(Files.exists(home.resolve(SessionStore.FILE_NAME)), "reading must not create the file");
    }

    @Test
    void changesMadeAtOnceAllReachTheFileAndAStartedStoreReadsThemBack() throws Exception {
        SessionStore store = store();
        int callers = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    go.await();
                    store.save(session("id-" + n, "s" + n));
                    // Each caller sees its own change at once, and a change of it made right after lands too.
                    assertTrue(store.byId("id-" + n).isPresent());
                    store.update("id-" + n, s -> s.withState(new SessionState(s.status(), s.state().expiresAt(),
                            s.state().durationSeconds(), null, "second " + n, List.of(), s.state().updatedAt())));
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<FederatedSession> reread = store().all();
        assertEquals(callers, reread.size());
        for (FederatedSession s : reread) {
            assertEquals("second " + s.id().substring(3), s.state().statusDetail(), s.id());
        }
        assertEquals(Map.copyOf(asMap(store.all())), Map.copyOf(asMap(reread)));
    }

    @Test
    void aChangeThatThrowsIsRefusedAloneAndWritesNothing() throws Exception {
        SessionStore store = store();
        store.save(session("id-1", "one"));
        byte[] before = Files.readAllBytes(home.resolve(SessionStore.FILE_NAME));
        IllegalStateException refused = new IllegalStateException("not in this state");
        assertEquals(refused, assertThrows(IllegalStateException.class, () -> store.update("id-1", s -> {
            throw refused;
        })));
        assertArrayEquals(before, Files.readAllBytes(home.resolve(SessionStore.FILE_NAME)));
        assertEquals(List.of(session("id-1", "one")), store.all());
    }

    private static Map<String, FederatedSession> asMap(List<FederatedSession> sessions) {
        Map<String, FederatedSession> map = new LinkedHashMap<>();
        sessions.forEach(s -> map.put(s.id(), s));
        return map;
    }
}
