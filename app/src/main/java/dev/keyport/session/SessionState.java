package dev.keyport.session;

import java.time.Instant;
import java.util.List;

/**
 * The run-time state of a session, as persisted. Holds no secret.
 *
 * @param status          where the session stands
 * @param expiresAt       when the delivered credentials expire (ACTIVE), or expired (EXPIRED); else null
 * @param durationSeconds the lifetime STS granted at the last start, else null
 * @param lastError       why the last start failed (FAILED), why the last refresh failed (ACTIVE, EXPIRED), else
 *                        null
 * @param statusDetail    what a PENDING start is waiting for (e.g. the user signing in), else null
 * @param warnings        what the last start could not check or had to adjust (e.g. a shorter duration)
 * @param updatedAt       when the state last changed
 * @param refreshFailures failed refreshes since the credentials were last obtained (0 if none)
 * @param retryAt         when a failed refresh is tried again; null when none failed, or when the failure cannot be
 *                        cured by trying again (then the session ends FAILED when the credentials expire)
 * @param identityArn     who the credentials act as (STS's assumed-role ARN, e.g.
 *                        {@code arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com}), while ACTIVE
 * @param obtainedAt      when the current credentials were obtained (their real lifetime is expiresAt minus this),
 *                        while ACTIVE; null in files written before it was recorded
 */
public record SessionState(SessionStatus status, Instant expiresAt, Integer durationSeconds, String lastError,
                           String statusDetail, List<String> warnings, Instant updatedAt, int refreshFailures,
                           Instant retryAt, String identityArn, Instant obtainedAt) {

    public SessionState {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public SessionState(SessionStatus status, Instant expiresAt, Integer durationSeconds, String lastError,
                        String statusDetail, List<String> warnings, Instant updatedAt) {
        this(status, expiresAt, durationSeconds, lastError, statusDetail, warnings, updatedAt, 0, null, null, null);
    }

    /** An active session whose refresh failed: still active on its old credentials, with the reason and the retry. */
    public SessionState refreshFailed(String error, Instant nextTry, Instant at) {
        return new SessionState(status, expiresAt, durationSeconds, error, null, warnings, at, refreshFailures + 1,
                nextTry, identityArn, obtainedAt);
    }

    /** Whether the last refresh failed in a way retrying cannot cure. */
    public boolean refreshAbandoned() {
        return refreshFailures > 0 && retryAt == null;
    }

    public static SessionState inactive(Instant at) {
        return new SessionState(SessionStatus.INACTIVE, null, null, null, null, List.of(), at);
    }

    public static SessionState pending(Instant at) {
        return pending(null, at);
    }

    public static SessionState pending(String detail, Instant at) {
        return new SessionState(SessionStatus.PENDING, null, null, null, detail, List.of(), at);
    }

    public static SessionState active(Instant expiresAt, int durationSeconds, List<String> warnings, Instant at) {
        return active(expiresAt, durationSeconds, warnings, null, at);
    }

    public static SessionState active(Instant expiresAt, int durationSeconds, List<String> warnings,
                                      String identityArn, Instant at) {
        return new SessionState(SessionStatus.ACTIVE, expiresAt, durationSeconds, null, null, warnings, at, 0, null,
                identityArn, at);
    }

    /** The same state with {@code error} as the last error and nothing waited for (a failed restart). */
    public SessionState withLastError(String error, Instant at) {
        return new SessionState(status, expiresAt, durationSeconds, error, null, warnings, at, refreshFailures,
                retryAt, identityArn, obtainedAt);
    }

    /** The same state, saying what it waits for. */
    public SessionState withDetail(String detail, Instant at) {
        return new SessionState(status, expiresAt, durationSeconds, lastError, detail, warnings, at, refreshFailures,
                retryAt, identityArn, obtainedAt);
    }

    /**
     * How an active session is shown when this daemon run holds no credentials for it: no expiry (there is nothing
     * to expire), {@code detail} saying what its next use does. Not stored: the truth of one daemon run.
     */
    public SessionState withoutCredentials(String detail) {
        return new SessionState(status, null, durationSeconds, lastError, detail, warnings, updatedAt, refreshFailures,
                retryAt, identityArn, obtainedAt);
    }

    public static SessionState failed(String error, Instant at) {
        return new SessionState(SessionStatus.FAILED, null, null, error, null, List.of(), at);
    }

    /** The credentials ran out; the reason the refresh failed, if it did, stays in {@code lastError}. */
    public SessionState expired(Instant at) {
        return new SessionState(SessionStatus.EXPIRED, expiresAt, durationSeconds, lastError, null, warnings, at);
    }
}
