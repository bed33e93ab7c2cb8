package dev.keyport.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.daemon.PrivateFiles;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The sessions, kept in one JSON file ({@code $KEYPORT_HOME/sessions.json}) that holds no secret.
 *
 * <p>Every change rewrites the file atomically ({@link PrivateFiles}). A file that cannot be read (corrupt, or
 * written by a Keyport with another schema version) is reported on every call and never overwritten: the user's
 * sessions are worth more than the daemon's convenience.
 */
@Singleton
public class SessionStore {
    static final int SCHEMA_VERSION = 1;
    static final String FILE_NAME = "sessions.json";

    private final KeyportHome home;
    private final ObjectMapper json;
    private final Map<String, FederatedSession> sessions = new LinkedHashMap<>();
    private boolean loaded;
    private String unusableReason;

    public SessionStore(KeyportHome home, ObjectMapper json) {
        this.home = home;
        // Own copy: the file format must not change when the REST API's JSON settings do.
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** The file's on-disk form. */
    record StoredSessions(int schemaVersion, List<FederatedSession> sessions) {
    }

    public synchronized List<FederatedSession> all() {
        ensureLoaded();
        return List.copyOf(sessions.values());
    }

    public synchronized Optional<FederatedSession> byId(String id) {
        ensureLoaded();
        return Optional.ofNullable(sessions.get(id));
    }

    /** Adds or replaces a session and persists the change; nothing changes if writing fails. */
    public synchronized void save(FederatedSession session) {
        ensureLoaded();
        FederatedSession previous = sessions.put(session.id(), session);
        try {
            persist();
        } catch (RuntimeException e) {
            if (previous == null) {
                sessions.remove(session.id());
            } else {
                sessions.put(session.id(), previous);
            }
            throw e;
        }
    }

    /**
     * Applies {@code change} to the stored session with this id and persists the result, atomically with respect to
     * every other store operation (so a state change never overwrites a concurrent edit of the definition).
     *
     * @return the updated session, or empty when no session has this id (any more)
     */
    public synchronized Optional<FederatedSession> update(String id, UnaryOperator<FederatedSession> change) {
        ensureLoaded();
        FederatedSession current = sessions.get(id);
        if (current == null) {
            return Optional.empty();
        }
        FederatedSession updated = change.apply(current);
        if (updated != current) {
            // A change that decided to change nothing (a transition the state no longer allows) writes nothing.
            save(updated);
        }
        return Optional.of(updated);
    }

    public synchronized void delete(String id) {
        ensureLoaded();
        FederatedSession previous = sessions.remove(id);
        if (previous == null) {
            return;
        }
        try {
            persist();
        } catch (RuntimeException e) {
            sessions.put(id, previous);
            throw e;
        }
    }

    /** Why the store cannot be used, if it cannot; also the health check's input. */
    public synchronized Optional<String> problem() {
        ensureLoadedQuietly();
        return Optional.ofNullable(unusableReason);
    }

    public Path file() {
        return home.resolve(FILE_NAME);
    }

    private void ensureLoadedQuietly() {
        try {
            ensureLoaded();
        } catch (KeyportException ignored) {
            // the reason is in unusableReason
        }
    }

    private void ensureLoaded() {
        if (!loaded) {
            load();
            loaded = true;
        }
        if (unusableReason != null) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, unusableReason);
        }
    }

    private void load() {
        Path file = file();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            unusableReason = "Cannot read " + file + " (" + e.getMessage() + "). Fix its permissions; Keyport will not"
                    + " overwrite it.";
            return;
        }
        StoredSessions stored;
        try {
            stored = json.readValue(content, StoredSessions.class);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                    ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
                    : "";
            unusableReason = file + " is not a valid Keyport session file" + where + ". Keyport will not overwrite it:"
                    + " repair it, or move it away to start with no sessions.";
            return;
        }
        if (stored == null || stored.schemaVersion() != SCHEMA_VERSION) {
            int version = stored == null ? 0 : stored.schemaVersion();
            unusableReason = file + " has schema version " + version + ", but this Keyport reads version "
                    + SCHEMA_VERSION + ". Use a Keyport that matches it, or move the file away to start with no"
                    + " sessions. Keyport will not overwrite it.";
            return;
        }
        List<FederatedSession> entries = stored.sessions() == null ? List.of() : stored.sessions();
        Map<String, FederatedSession> loaded = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String problem = entryProblem(entries.get(i), loaded);
            if (problem != null) {
                unusableReason = file + " is not a valid Keyport session file: session #" + (i + 1) + " " + problem
                        + ". Keyport will not overwrite it: repair that entry, or move the file away to start with"
                        + " no sessions.";
                return;
            }
            loaded.put(entries.get(i).id(), entries.get(i));
        }
        sessions.putAll(loaded);
    }

    /** What is wrong with one stored session, if anything: what every later step relies on must be there. */
    private static String entryProblem(FederatedSession session, Map<String, FederatedSession> before) {
        if (session == null) {
            return "is empty (null)";
        }
        if (session.id() == null || session.id().isBlank()) {
            return "has no id";
        }
        if (before.containsKey(session.id())) {
            return "repeats the id of an earlier one";
        }
        SessionDefinition d = session.definition();
        if (d == null) {
            return "has no definition";
        }
        if (d.alias() == null || d.alias().isBlank() || d.profileName() == null || d.profileName().isBlank()
                || d.roleArn() == null || d.region() == null) {
            return "lacks its alias, profile name, region or role ARN";
        }
        if (session.state() == null || session.state().status() == null) {
            return "has no state";
        }
        if (session.createdAt() == null) {
            return "has no creation time";
        }
        return null;
    }

    private void persist() {
        Path file = file();
        try {
            PrivateFiles.writeAtomically(file,
                    json.writeValueAsBytes(new StoredSessions(SCHEMA_VERSION, new ArrayList<>(sessions.values()))));
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL,
                    "Cannot save sessions to " + file + " (" + e.getMessage() + "). Check the disk and permissions of "
                            + file.getParent() + "; nothing was changed.", e);
        }
    }
}
