package dev.keyport.api.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of the daemon's problems: every error answer of the REST API is an RFC 9457 problem document whose
 * {@code type} is {@code urn:keyport:problem:<code>}, one of these. The code is stable (clients and the CLI decide on
 * it, never on the wording of {@code detail}); the HTTP status and the CLI's exit code follow from it. docs/problems.md
 * lists them for people.
 */
public enum ProblemCode {
    /** Keyport refused the data given: a session field, an assertion, an option (the detail says which). */
    INVALID_INPUT(400, "Invalid input", ExitCode.INVALID_INPUT),
    /** No such session (or other named thing). */
    NOT_FOUND(404, "Not found", ExitCode.NOT_FOUND),
    /** Not possible in the session's current state: already starting, not active, a profile someone else owns. */
    CONFLICT(409, "Conflict", ExitCode.CONFLICT),
    /** The identity provider or AWS said no. */
    REJECTED(422, "Rejected by the identity provider or AWS", ExitCode.REJECTED),
    /** The identity provider, AWS or a file lock could not be reached in time. */
    UNAVAILABLE(503, "Unavailable", ExitCode.UNAVAILABLE),
    /** A Keyport bug or an I/O failure; the daemon log has the rest. */
    INTERNAL(500, "Internal error", ExitCode.INTERNAL),
    /** The request itself is malformed: a path that is not in canonical form, no Host or two, a body that is not JSON. */
    MALFORMED_REQUEST(400, "Bad Request", ExitCode.INVALID_INPUT),
    /** No API token, or the wrong one. */
    UNAUTHORIZED(401, "Unauthorized", ExitCode.NO_DAEMON),
    /** The request came from a web page (an Origin, or a Sec-Fetch-Site other than none). */
    WEB_ORIGIN(403, "Forbidden", ExitCode.NO_DAEMON),
    /** The Host is neither 127.0.0.1:PORT nor localhost:PORT (DNS rebinding looks like this). */
    WRONG_HOST(403, "Forbidden", ExitCode.NO_DAEMON),
    /** The request body is larger than the daemon accepts. */
    TOO_LARGE(413, "Content Too Large", ExitCode.INVALID_INPUT),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", ExitCode.INVALID_INPUT),
    /** The method is not allowed on this path. */
    METHOD_NOT_ALLOWED(405, "Method Not Allowed", ExitCode.INVALID_INPUT),
    /** No route has this path (the API lives under /api/v1). */
    NO_SUCH_ROUTE(404, "Not Found", ExitCode.NOT_FOUND),
    /** No such container credentials endpoint (of {@code keyport exec}): it closed, or never existed. */
    NO_SUCH_GRANT(404, "Not Found", ExitCode.NOT_FOUND),
    /** A container credentials request without that endpoint's own token. */
    WRONG_GRANT_TOKEN(403, "Forbidden", ExitCode.NO_DAEMON),
    /** An HTTP error no other code names (the status is the HTTP one). */
    HTTP_ERROR(500, "HTTP error", ExitCode.INTERNAL);

    /** The prefix of every problem type. */
    public static final String TYPE_PREFIX = "urn:keyport:problem:";

    private final int status;
    private final String title;
    private final int exitCode;

    ProblemCode(int status, String title, int exitCode) {
        this.status = status;
        this.title = title;
        this.exitCode = exitCode;
    }

    /** The code as it appears in the type: lower case, words joined by '-' (e.g. {@code no-such-grant}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The problem document's {@code type}. */
    public String type() {
        return TYPE_PREFIX + code();
    }

    /** The HTTP status the daemon answers with. */
    public int status() {
        return status;
    }

    /** The problem document's {@code title}. */
    public String title() {
        return title;
    }

    /** What the CLI exits with when the daemon answers with this problem. */
    public int exitCode() {
        return exitCode;
    }

    /** The code of a problem type; empty for a type that is not Keyport's (or one this version does not know). */
    public static Optional<ProblemCode> fromType(String type) {
        if (type == null || !type.startsWith(TYPE_PREFIX)) {
            return Optional.empty();
        }
        String code = type.substring(TYPE_PREFIX.length());
        for (ProblemCode candidate : values()) {
            if (candidate.code().equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The code for an HTTP error the framework raised, by status; {@link #HTTP_ERROR} when no code names it. */
    public static ProblemCode forHttpStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NO_SUCH_ROUTE;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL;
            case 503 -> UNAVAILABLE;
            default -> HTTP_ERROR;
        };
    }

    /** The CLI's exit codes, one per kind of outcome. */
    public static final class ExitCode {
        public static final int OK = 0;
        /** Something unexpected (a Keyport bug, an I/O failure). */
        public static final int INTERNAL = 1;
        /** The command line or the data given is wrong (bad option, invalid session field). */
        public static final int INVALID_INPUT = 2;
        /** No daemon of yours answers, or it refused the API token. */
        public static final int NO_DAEMON = 3;
        /** No such session. */
        public static final int NOT_FOUND = 4;
        /** Not possible in the session's current state (already starting, not active, login cancelled). */
        public static final int CONFLICT = 5;
        /** The identity provider or AWS said no. */
        public static final int REJECTED = 6;
        /** The identity provider or AWS could not be reached, or took too long. */
        public static final int UNAVAILABLE = 7;

        private ExitCode() {
        }
    }
}
