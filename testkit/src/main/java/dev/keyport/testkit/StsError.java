package dev.keyport.testkit;

/**
 * An STS error reply: the HTTP status, the error code and the message the client reads back. Thrown by every check of
 * the emulator and turned into an ErrorResponse by {@link StsEmulator}; anything else that escapes a handler is the
 * emulator's own failure (500 InternalFailure).
 */
final class StsError extends Exception {
    final int status;
    final String code;

    StsError(int status, String code, String message) {
        super(message, null, false, false); // an expected answer, not a failure: no stack trace to fill in
        this.status = status;
        this.code = code;
    }
}
