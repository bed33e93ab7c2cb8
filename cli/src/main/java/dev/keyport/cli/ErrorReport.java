package dev.keyport.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors for scripts: after {@code --output json} (or {@code -o json}), a failing command prints one JSON document on
 * stderr instead of a sentence, {@code {"error": {"code": "not-found", "message": "...", "exitCode": 4}}}. The code is
 * the daemon's problem code when the daemon answered (docs/problems.md), else a name for the exit code; the message
 * is the same sentence a person would read. Standard output stays empty, so a pipe into a JSON reader sees no answer
 * rather than an error shaped like one.
 */
final class ErrorReport {
    private ErrorReport() {
    }

    /** Whether the command line asks for JSON output, read from the words as typed (also when they fail to parse). */
    static boolean jsonRequested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return false; // what follows belongs to exec's program
            }
            if (a.equals("--output=json") || a.equals("-ojson") || a.equals("-o=json")) {
                return true;
            }
            if ((a.equals("--output") || a.equals("-o")) && i + 1 < args.size() && args.get(i + 1).equals("json")) {
                return true;
            }
        }
        return false;
    }

    static void json(PrintWriter err, CliException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("exitCode", e.exitCode());
        err.println(Json.write(Map.of("error", error)));
        err.flush();
    }
}
