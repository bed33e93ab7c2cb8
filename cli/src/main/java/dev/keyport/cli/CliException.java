package dev.keyport.cli;

/**
 * Stops a command with one line for the user and an exit code from {@link ExitCodes}. The message never holds a
 * secret: it comes from the daemon's problem details or from the CLI itself.
 */
final class CliException extends RuntimeException {
    private final int exitCode;
    private final String problemCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** @param problemCode the daemon's problem code ({@code not-found}...) when the error is its answer, else null */
    CliException(int exitCode, String message, String problemCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.problemCode = problemCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** The daemon's problem code, else the name of the exit code ({@link ExitCodes#name}). */
    String code() {
        return problemCode != null ? problemCode : ExitCodes.name(exitCode);
    }
}
