package dev.keyport.cli;

/** The CLI's exit codes, one per kind of outcome (also listed in {@link KeyportCli}'s help, which needs literals). */
final class ExitCodes {
    static final int OK = 0;
    /** Something unexpected (a Keyport bug, an I/O failure). */
    static final int INTERNAL = 1;
    /** The command line or the data given is wrong (bad option, invalid session field). */
    static final int INVALID_INPUT = 2;
    /** No daemon answers on the port, or it refused the API token. */
    static final int NO_DAEMON = 3;
    /** No such session. */
    static final int NOT_FOUND = 4;
    /** Not possible in the session's current state (already starting, not active, login cancelled). */
    static final int CONFLICT = 5;
    /** The identity provider or AWS said no. */
    static final int REJECTED = 6;
    /** The identity provider or AWS could not be reached, or took too long. */
    static final int UNAVAILABLE = 7;

    private ExitCodes() {
    }

    /** The exit code for an HTTP status of the daemon's API (mirrors the API's error categories). */
    static int forHttpStatus(int status) {
        return switch (status) {
            case 400, 413, 415 -> INVALID_INPUT;
            case 401, 403 -> NO_DAEMON;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 422 -> REJECTED;
            case 503, 504 -> UNAVAILABLE;
            default -> INTERNAL;
        };
    }
}
