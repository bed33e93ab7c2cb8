package dev.keyport.session;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/** When an active session is refreshed, and when a failed refresh is tried again ({@code keyport.session.*}). */
@Singleton
public class RefreshPolicy {
    private final SessionConfig config;

    public RefreshPolicy(SessionConfig config) {
        this.config = config;
    }

    /** When an active session's credentials are due for refresh: the margin before expiry, at most half-life. */
    public Instant refreshAt(SessionState state) {
        Duration margin = config.refreshMargin();
        if (state.durationSeconds() != null) {
            Duration half = Duration.ofSeconds(state.durationSeconds()).dividedBy(2);
            if (half.compareTo(margin) < 0) {
                margin = half;
            }
        }
        return state.expiresAt().minus(margin);
    }

    /** Whether the session should be refreshed (or its failed refresh retried) at {@code now}. */
    boolean due(SessionState state, Instant now) {
        if (state.refreshAbandoned()) {
            return false;
        }
        Instant due = state.retryAt() != null ? state.retryAt() : refreshAt(state);
        return !now.isBefore(due);
    }

    /**
     * When to try a failed refresh again: {@code retry-initial}, doubled after each failure, at most
     * {@code retry-max}; null when that would be after the credentials ran out (the session expires instead).
     */
    Instant nextRetry(int failuresSoFar, Instant now, Instant expiresAt) {
        Duration wait = config.retryInitial().multipliedBy(1L << Math.min(failuresSoFar, 20));
        if (wait.compareTo(config.retryMax()) > 0 || wait.isNegative()) {
            wait = config.retryMax();
        }
        Instant at = now.plus(wait);
        return expiresAt != null && !at.isBefore(expiresAt) ? null : at;
    }

    /** Worth trying again: the IdP or STS was unreachable or had a hiccup. Refusals and a cancelled login are not. */
    static boolean retryable(KeyportException e) {
        return e.category() == ErrorCategory.UNAVAILABLE || e.category() == ErrorCategory.INTERNAL;
    }
}
