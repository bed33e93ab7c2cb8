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

    /**
     * When an active session's credentials are due for refresh: the margin before expiry, at most half their real
     * lifetime (from when they were obtained to when they expire, whatever was asked for), and never sooner than
     * {@code keyport.session.min-refresh-interval} after they were obtained, so no schedule can loop.
     */
    public Instant refreshAt(SessionState state) {
        Duration margin = config.refreshMargin();
        Duration lifetime = lifetime(state);
        if (lifetime != null) {
            Duration half = lifetime.dividedBy(2);
            if (half.compareTo(margin) < 0) {
                margin = half;
            }
        }
        Instant due = state.expiresAt().minus(margin);
        if (state.obtainedAt() != null) {
            Instant earliest = state.obtainedAt().plus(config.minRefreshInterval());
            if (due.isBefore(earliest)) {
                due = earliest;
            }
        }
        return due;
    }

    /** How long the current credentials last: as obtained, else (older files) as granted. */
    private static Duration lifetime(SessionState state) {
        if (state.obtainedAt() != null && state.expiresAt() != null) {
            Duration real = Duration.between(state.obtainedAt(), state.expiresAt());
            return real.isNegative() ? Duration.ZERO : real;
        }
        return state.durationSeconds() == null ? null : Duration.ofSeconds(state.durationSeconds());
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
