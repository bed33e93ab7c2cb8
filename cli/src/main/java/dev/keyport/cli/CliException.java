package dev.keyport.cli;

/**
 * Stops a command with one line for the user and an exit code from {@link ExitCodes}. The message never holds a
 * secret: it comes from the daemon's problem details or from the CLI itself.
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
