package dev.keyport.session;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How a session file of an older schema becomes one of the current schema: one step per schema version, applied in
 * order to the file's JSON tree before it is read as sessions. A Keyport that changes the file's format adds a step
 * here, raises {@link SessionStore#SCHEMA_VERSION}, and keeps a file the previous version wrote as a test fixture
 * ({@code SessionFileUpgradeTest}).
 */
final class SessionFileMigrations {
    /** Step {@code i} turns schema {@code i + 1} into schema {@code i + 2}. */
    private static final List<UnaryOperator<ObjectNode>> STEPS = List.of(
            // 1 -> 2: the file names the Keyport that wrote it, so that an older Keyport refusing it can say which
            // version to install. Sessions are unchanged; "writtenBy" is set on every write from now on.
            root -> root);

    private SessionFileMigrations() {
    }

    /** The oldest schema this Keyport can migrate forward. */
    static int oldestReadable() {
        return SessionStore.SCHEMA_VERSION - STEPS.size();
    }

    /** {@code root}, of schema {@code from}, in the current schema (the tree itself, changed in place). */
    static ObjectNode forward(ObjectNode root, int from) {
        if (from < oldestReadable() || from > SessionStore.SCHEMA_VERSION) {
            throw new IllegalArgumentException("No migration from schema " + from);
        }
        ObjectNode current = root;
        for (int version = from; version < SessionStore.SCHEMA_VERSION; version++) {
            current = STEPS.get(version - oldestReadable()).apply(current);
        }
        current.put("schemaVersion", SessionStore.SCHEMA_VERSION);
        return current;
    }
}
