package dev.keyport.spi;

/** What kind of failure a {@link KeyportException} reports; decides how the host presents it. */
public enum ErrorCategory {
    /** The request or configuration is wrong; the user must change it. Never retried. */
    INVALID_INPUT,
    /** The request clashes with the current state (another owner of a profile, a session already running...). */
    CONFLICT,
    /** Something named in the request does not exist. */
    NOT_FOUND,
    /** The identity provider or AWS refused (bad assertion, role not trusted, expired token...). */
    REJECTED,
    /** A remote service or local resource could not be reached; trying again later may work. */
    UNAVAILABLE,
    /** A bug or an unexpected state in Keyport itself. */
    INTERNAL
}
