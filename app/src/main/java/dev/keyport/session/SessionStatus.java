package dev.keyport.session;

/** Where a federated session stands. */
public enum SessionStatus {
    /** Never started, or stopped: no credentials delivered. */
    INACTIVE,
    /** A start is under way (login, STS). */
    PENDING,
    /** Credentials obtained and delivered; they expire at the session's {@code expiresAt}. */
    ACTIVE,
    /** The credentials ran out and were withdrawn. */
    EXPIRED,
    /** The last start failed; {@code lastError} says why. */
    FAILED
}
