package dev.keyport.api.model;

/** Where a session stands, as the API names it ({@code status} of a {@link SessionView}). */
public enum SessionStatus {
    /** Never started, or stopped: no credentials delivered. */
    INACTIVE,
    /** A start is under way (sign-in, STS). */
    PENDING,
    /** Credentials obtained and delivered; they expire at {@code expiresAt}. */
    ACTIVE,
    /** The credentials ran out and were withdrawn. */
    EXPIRED,
    /** The last start failed; {@code lastError} says why. */
    FAILED
}
