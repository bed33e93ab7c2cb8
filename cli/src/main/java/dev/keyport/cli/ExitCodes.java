package dev.keyport.cli;

import dev.keyport.api.model.ProblemCode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's exit codes, one per kind of outcome: the values of the shared catalogue ({@link ProblemCode.ExitCode}),
 * which also says which problem of the daemon means which exit (listed in {@link KeyportCli}'s help).
 */
final class ExitCodes {
    static final int OK = ProblemCode.ExitCode.OK;
    static final int INTERNAL = ProblemCode.ExitCode.INTERNAL;
    static final int INVALID_INPUT = ProblemCode.ExitCode.INVALID_INPUT;
    static final int NO_DAEMON = ProblemCode.ExitCode.NO_DAEMON;
    static final int NOT_FOUND = ProblemCode.ExitCode.NOT_FOUND;
    static final int CONFLICT = ProblemCode.ExitCode.CONFLICT;
    static final int REJECTED = ProblemCode.ExitCode.REJECTED;
    static final int UNAVAILABLE = ProblemCode.ExitCode.UNAVAILABLE;
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"\\\\]*)\"");

    private ExitCodes() {
    }

    /**
     * The exit code for an error answer of the daemon: the one its problem type names; only for an answer that
     * carries no Keyport problem type (a proxy, an older daemon), the one its HTTP status suggests.
     */
    static int forAnswer(int status, String body) {
        Matcher m = TYPE.matcher(body == null ? "" : body);
        if (m.find()) {
            java.util.Optional<ProblemCode> code = ProblemCode.fromType(m.group(1));
            if (code.isPresent()) {
                return code.get().exitCode();
            }
        }
        return forHttpStatus(status);
    }

    /**
     * The daemon's problem code in an error answer ({@code not-found}...), else null. Read, like the exit code, from
     * the problem's type, never from its wording.
     */
    static String problemCode(String body) {
        Matcher m = TYPE.matcher(body == null ? "" : body);
        return m.find() ? ProblemCode.fromType(m.group(1)).map(ProblemCode::code).orElse(null) : null;
    }

    /** A stable name for an exit code, for errors printed as JSON that did not come from the daemon. */
    static String name(int exitCode) {
        return switch (exitCode) {
            case OK -> "ok";
            case INVALID_INPUT -> "invalid-input";
            case NO_DAEMON -> "no-daemon";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case REJECTED -> "rejected";
            case UNAVAILABLE -> "unavailable";
            case 126 -> "not-executable";
            case 127 -> "command-not-found";
            default -> "internal";
        };
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
