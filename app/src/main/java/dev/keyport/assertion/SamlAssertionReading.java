package dev.keyport.assertion;

import java.util.List;
import java.util.Objects;

/**
 * A {@link SamlAssertion} together with what the reader noticed but tolerated (skipped Role values, an unreadable
 * SessionDuration...), for {@code inspect}-style output. Notes never quote the assertion: they name attributes and
 * positions only.
 *
 * @param assertion what was read
 * @param notes     human-readable remarks, in document order; empty when nothing was skipped
 * @param signature which part of the response a signature covers ("the Assertion is signed", "not signed"...); Keyport
 *                  read only that part
 */
public record SamlAssertionReading(SamlAssertion assertion, List<String> notes, String signature) {
    public SamlAssertionReading {
        Objects.requireNonNull(assertion, "assertion");
        notes = List.copyOf(notes);
    }
}
