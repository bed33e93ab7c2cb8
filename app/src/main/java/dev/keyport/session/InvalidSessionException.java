package dev.keyport.session;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.util.List;

/** A session definition with problems: each one a sentence that names its field and says what to fix. */
public class InvalidSessionException extends KeyportException {
    private final transient List<String> problems;

    InvalidSessionException(List<String> problems) {
        super(ErrorCategory.INVALID_INPUT, "The session is not valid: " + String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
