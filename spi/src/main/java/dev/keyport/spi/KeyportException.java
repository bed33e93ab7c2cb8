package dev.keyport.spi;

import java.util.Objects;

/**
 * A failure a provider or event consumer reports to the host. The message must say what is wrong and how to fix it,
 * and must never contain a secret. The host maps the {@link ErrorCategory} to an HTTP status or an exit code; the
 * thrower never chooses those.
 */
public class KeyportException extends RuntimeException {
    private final ErrorCategory category;

    public KeyportException(ErrorCategory category, String message) {
        super(message);
        this.category = Objects.requireNonNull(category, "category");
    }

    public KeyportException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    public ErrorCategory category() {
        return category;
    }
}
