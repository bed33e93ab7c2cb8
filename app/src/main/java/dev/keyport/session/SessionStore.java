package dev.keyport.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.daemon.KeyportVersion;
import dev.keyport.daemon.PrivateFiles;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The sessions, kept in one JSON file ({@code $KEYPORT_HOME/sessions.json}) that holds no secret.
 *
 * <p>Every change is written to the file atomically ({@link PrivateFiles}) before the caller returns; changes that
 * arrive together share one write ({@link #commit}). A file of an older schema is upgraded when first read, its
 * old form kept beside it ({@link SessionFileMigrations}). A file that cannot be read (corrupt, or written by a newer
 * Keyport) is reported on every call and never overwritten: the user's sessions are worth more than the daemon's
 * convenience.
 */
@Singleton
public class SessionStore {
    /** The session file's format; raised, with a step in {@link SessionFileMigrations}, whenever it changes. */
    static final int SCHEMA_VERSION = 2;
    static final String FILE_NAME = "sessions.json";

    private final KeyportHome home;
    private final ObjectMapper json;
    private final Map<String, FederatedSession> sessions = new LinkedHashMap<>();
    private boolean loaded;
    /** Changes waiting for the next write (guarded by this); see {@link #commit}. */
    private final List<Change<?>> queued = new ArrayList<>();
    /** Each session's JSON in the file as last written (used and replaced under {@link #committing}). */
    private Map<String, Written> written = Map.of();
    /** Held by the thread that writes a batch; the fields of a Change are published by its release. */
    private final ReentrantLock committing = new ReentrantLock();
    private String unusableReason;
    /** The file's opening: its schema and the Keyport that writes it. */
    private final byte[] header;

    public SessionStore(KeyportHome home, ObjectMapper json) {
        this.home = home;
        // Own copy: the file format must not change when the REST API's JSON settings do.
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.header = ("{\n  \"schemaVersion\" : " + SCHEMA_VERSION + ",\n  \"writtenBy\" : \""
                + KeyportVersion.current().replaceAll("[^0-9A-Za-z.+() -]", "") + "\",\n  \"sessions\" : [")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The file's on-disk form. */
    record StoredSessions(int schemaVersion, String writtenBy, List<FederatedSession> sessions) {
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
    public void save(FederatedSession session) {
        commit(all -> {
            all.put(session);
            return true;
        });
    }

    /**
     * Applies {@code change} to the stored session with this id and persists the result, atomically with respect to
     * every other store operation (so a state change never overwrites a concurrent edit of the definition).
     *
     * @return the updated session, or empty when no session has this id (any more)
     */
    public Optional<FederatedSession> update(String id, UnaryOperator<FederatedSession> change) {
        return commit(all -> {
            FederatedSession current = all.get(id);
            if (current == null) {
                return Optional.<FederatedSession>empty();
            }
            FederatedSession updated = change.apply(current);
            // A change that decided to change nothing (a transition the state no longer allows) writes nothing.
            if (updated != current) {
                all.put(updated);
            }
            return Optional.of(updated);
        });
    }

    public void delete(String id) {
        commit(all -> all.remove(id));
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
        JsonNode tree;
        try {
            tree = json.readTree(content);
        } catch (IOException e) {
            unusableReason = invalidFile(file, e);
            return;
        }
        if (!(tree instanceof ObjectNode root) || !tree.path("schemaVersion").isInt()) {
            unusableReason = file + " is not a valid Keyport session file (it has no schemaVersion). Keyport will not"
                    + " overwrite it: repair it, or move it away to start with no sessions.";
            return;
        }
        int version = root.get("schemaVersion").intValue();
        if (version > SCHEMA_VERSION) {
            unusableReason = newerFile(file, version, root.path("writtenBy").asText(""));
            return;
        }
        if (version < SessionFileMigrations.oldestReadable()) {
            unusableReason = file + " has schema version " + version + ", which no Keyport wrote; this Keyport reads"
                    + " versions " + SessionFileMigrations.oldestReadable() + " to " + SCHEMA_VERSION + ". Keyport will"
                    + " not overwrite it: repair it, or move it away to start with no sessions.";
            return;
        }
        boolean upgrade = version < SCHEMA_VERSION;
        StoredSessions stored;
        try {
            // The current schema is read from the bytes, so that an error names its line; an older one from the tree
            // its migration steps changed.
            stored = upgrade ? json.treeToValue(SessionFileMigrations.forward(root, version), StoredSessions.class)
                    : json.readValue(content, StoredSessions.class);
        } catch (IOException | IllegalArgumentException e) {
            unusableReason = invalidFile(file, e);
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
        if (upgrade) {
            // Upgraded at once, the older file kept beside it: the Keyport that wrote it can be gone back to with it.
            Path backup = backupOf(version);
            try {
                PrivateFiles.writeAtomically(backup, content);
                persist(loaded);
            } catch (IOException | KeyportException e) {
                unusableReason = "Cannot upgrade " + file + " from schema version " + version + " to " + SCHEMA_VERSION
                        + " (" + (e instanceof IOException ? backup + ": " : "") + e.getMessage() + "). Check the disk"
                        + " and the permissions of " + file.getParent() + "; the file was not changed.";
                return;
            }
        }
        sessions.putAll(loaded);
    }

    /** Where the file of schema {@code version} is kept when this Keyport upgrades it. */
    Path backupOf(int version) {
        return home.resolve(FILE_NAME + ".schema-" + version + ".bak");
    }

    private static String invalidFile(Path file, Exception e) {
        String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                && jpe.getLocation().getLineNr() > 0
                ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
                : "";
        return file + " is not a valid Keyport session file" + where + ". Keyport will not overwrite it: repair it,"
                + " or move it away to start with no sessions.";
    }

    /** Why a file a newer Keyport wrote is refused, and the two ways on: upgrade, or go back to its backup. */
    private String newerFile(Path file, int version, String writtenBy) {
        // The version is shown only if it looks like one (the file is the user's, but this goes to a terminal).
        String writer = writtenBy.matches("[0-9A-Za-z.+-]{1,40}") ? "Keyport " + writtenBy : "a newer Keyport";
        Path backup = backupOf(SCHEMA_VERSION);
        String back = Files.isRegularFile(backup)
                ? " Or, to keep using this version, replace it with the copy the newer Keyport kept when it upgraded"
                        + " the file, " + backup + " (sessions added or changed since are not in it)."
                : "";
        return file + " was written by " + writer + " (session file schema " + version + "); this is Keyport "
                + KeyportVersion.current() + ", which reads schema " + SCHEMA_VERSION + " and older. Upgrade Keyport"
                + (writer.startsWith("Keyport ") ? " to " + writtenBy + " or newer" : "") + "; it will not overwrite"
                + " the file." + back;
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

    /**
     * Group commit: the change is queued; whoever holds the commit lock applies every queued change, in order, to a copy
     * of the sessions and writes the file once for all of them. So a burst of starts, each moving its session through
     * two states, costs a few rewrites of the file instead of two per session. Each caller returns only once its change
     * is on disk, and a change becomes visible to readers only then; if the write fails, every change of that batch
     * fails and the sessions stay as they were. A change that throws is refused alone.
     */
    private <T> T commit(Function<Draft, T> change) {
        if (committing.isHeldByCurrentThread()) {
            // A change that calls back into the store would commit outside its own batch and be overwritten by it.
            throw new IllegalStateException("A session change must not change the store itself");
        }
        Change<T> mine = new Change<>(change);
        synchronized (this) {
            ensureLoaded();
            queued.add(mine);
        }
        committing.lock();
        try {
            if (!mine.finished) {
                commitQueued();
            }
        } finally {
            committing.unlock();
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        if (mine.failure instanceof Error e) {
            throw e;
        }
        if (mine.failure != null || !mine.finished) {
            throw new IllegalStateException("The session change was not carried out", mine.failure);
        }
        return mine.result;
    }

    /** Under the commit lock: applies and writes everything queued so far; every change of it ends finished. */
    private void commitQueued() {
        List<Change<?>> batch;
        Draft next;
        synchronized (this) {
            batch = new ArrayList<>(queued);
            queued.clear();
            next = new Draft(sessions);
        }
        // The file is written with a FileChannel, which an interrupt would close half-way; the interrupt belongs to
        // the caller (a cancelled start), not to the other callers whose changes share this write.
        boolean interrupted = Thread.interrupted();
        try {
            boolean changed = false;
            for (Change<?> c : batch) {
                changed |= c.applyTo(next);
            }
            if (changed) {
                persist(next.sessions);
            }
            synchronized (this) {
                sessions.clear();
                sessions.putAll(next.sessions);
            }
        } catch (Throwable e) {
            for (Change<?> c : batch) {
                c.failure = c.failure == null ? e : c.failure;
            }
            // The changes were not written: readers keep seeing what is on disk.
        } finally {
            for (Change<?> c : batch) {
                c.finished = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One caller's change, applied by whichever thread commits the batch it is in. */
    private static final class Change<T> {
        private final Function<Draft, T> change;
        private T result;
        private Throwable failure;
        private boolean finished;

        Change(Function<Draft, T> change) {
            this.change = change;
        }

        /**
         * Applies the change to {@code sessions}; true when it changed them. Every change computes first and puts or
         * removes last, so one that throws has changed nothing.
         */
        boolean applyTo(Draft sessions) {
            int before = sessions.edits;
            try {
                result = change.apply(sessions);
            } catch (RuntimeException e) {
                failure = e;
            }
            return sessions.edits != before;
        }
    }

    /**
     * The sessions as a batch leaves them. A change sees only get, put and remove, so every edit is counted and the
     * batch knows whether it has anything to write.
     */
    private static final class Draft {
        private final Map<String, FederatedSession> sessions;
        private int edits;

        Draft(Map<String, FederatedSession> sessions) {
            this.sessions = new LinkedHashMap<>(sessions);
        }

        FederatedSession get(String id) {
            return sessions.get(id);
        }

        void put(FederatedSession session) {
            sessions.put(session.id(), session);
            edits++;
        }

        boolean remove(String id) {
            boolean removed = sessions.remove(id) != null;
            if (removed) {
                edits++;
            }
            return removed;
        }
    }

    /**
     * Writes every session. The file is assembled from each session's JSON, and a session that did not change since
     * the last write (the same record) is not serialised again: with hundreds of sessions, a batch of starts touches
     * a few of them, and serialising all of them each time was most of a start's cost.
     */
    private void persist(Map<String, FederatedSession> all) {
        Path file = file();
        try {
            Map<String, Written> now = new HashMap<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + all.size() * 1024);
            out.write(header);
            String separator = "\n";
            for (FederatedSession session : all.values()) {
                Written cached = written.get(session.id());
                byte[] entry = cached != null && cached.session() == session
                        ? cached.json() : json.writeValueAsBytes(session);
                now.put(session.id(), new Written(session, entry));
                out.write(separator.getBytes(StandardCharsets.UTF_8));
                out.write(entry);
                separator = ",\n";
            }
            out.write("\n  ]\n}\n".getBytes(StandardCharsets.UTF_8));
            PrivateFiles.writeAtomically(file, out.toByteArray());
            written = now;
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.INTERNAL,
                    "Cannot save sessions to " + file + " (" + e.getMessage() + "). Check the disk and permissions of "
                            + file.getParent() + "; nothing was changed.", e);
        }
    }

    /** A session's JSON as last written. */
    private record Written(FederatedSession session, byte[] json) {
    }
}
