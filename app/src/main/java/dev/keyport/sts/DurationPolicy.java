package dev.keyport.sts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Chooses STS DurationSeconds: the session's requested value, else the assertion's SessionDuration, else 3600; kept
 * within STS's 900-43200 and, when the assertion says when the IdP session ends (SessionNotOnOrAfter), not beyond it.
 */
public final class DurationPolicy {
    public static final int MIN_SECONDS = 900;
    public static final int MAX_SECONDS = 43200;
    public static final int DEFAULT_SECONDS = 3600;

    private DurationPolicy() {
    }

    public static int choose(Integer requested, OptionalInt fromAssertion, Optional<Instant> sessionNotOnOrAfter,
                             Instant now) {
        int seconds = requested != null ? requested : fromAssertion.orElse(DEFAULT_SECONDS);
        seconds = clamp(seconds);
        if (sessionNotOnOrAfter.isPresent()) {
            long remaining = Duration.between(now, sessionNotOnOrAfter.get()).getSeconds();
            // Below STS's minimum we still ask for 900 s: STS itself ends the session at SessionNotOnOrAfter.
            seconds = clamp((int) Math.min(seconds, Math.max(remaining, MIN_SECONDS)));
        }
        return seconds;
    }

    /**
     * Where the asked duration came from, for the warning when STS refuses it: what to change depends on it (the
     * session's setting, the IdP's SessionDuration attribute, or neither).
     */
    public enum Source {
        SESSION("the session's durationSeconds", "Lower the session's durationSeconds to the role's maximum or less,"
                + " or raise the role's maximum session duration in IAM."),
        ASSERTION("the assertion's SessionDuration attribute", "Lower SessionDuration in the identity provider's AWS"
                + " app, or give the session a durationSeconds the role allows (it takes precedence), or raise the"
                + " role's maximum session duration in IAM."),
        DEFAULT("Keyport's default", "Raise the role's maximum session duration in IAM.");

        private final String phrase;
        private final String fix;

        Source(String phrase, String fix) {
            this.phrase = phrase;
            this.fix = fix;
        }

        /** "the assertion's SessionDuration attribute" */
        public String phrase() {
            return phrase;
        }

        /** What to change so that STS stops refusing it. */
        public String fix() {
            return fix;
        }
    }

    /** Which of the inputs {@link #choose} used. */
    public static Source source(Integer requested, OptionalInt fromAssertion) {
        if (requested != null) {
            return Source.SESSION;
        }
        return fromAssertion.isPresent() ? Source.ASSERTION : Source.DEFAULT;
    }

    private static int clamp(int seconds) {
        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, seconds));
    }
}
