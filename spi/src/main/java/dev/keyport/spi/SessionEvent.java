package dev.keyport.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a federated session. Events carry no secret, and nothing about how the credentials
 * were delivered: that is the host's business.
 *
 * @param kind                  what happened
 * @param session               the session it happened to, as it was at that moment
 * @param occurredAt            when it happened
 * @param credentialsExpireAt   for {@link Kind#STARTED} and {@link Kind#ROTATED}: when the new credentials expire;
 *                              otherwise {@code null}
 * @param detail                for {@link Kind#FAILED}: why, as a message a person can act on; for
 *                              {@link Kind#STARTING}: what the start is waiting for (e.g. the user signing in in a
 *                              browser window); otherwise {@code null}. Never a secret.
 * @param replaceForeignProfile for {@link Kind#STARTED}: the user asked to replace a profile section that Keyport did
 *                              not create (Keyport keeps a backup); otherwise {@code false}
 */
public record SessionEvent(Kind kind, SessionSummary session, Instant occurredAt, Instant credentialsExpireAt,
                           String detail, boolean replaceForeignProfile) {

    public enum Kind {
        /**
         * A start was requested; login is under way. Sent again, with a {@code detail}, when the login waits for the
         * user (say, to sign in in a browser window).
         */
        STARTING,
        /** Credentials were obtained for the first time since the session was (re)started. */
        STARTED,
        /** Fresh credentials replaced ones that were about to expire. */
        ROTATED,
        /** The user stopped the session; its credentials must be withdrawn. */
        STOPPED,
        /** The credentials expired without being rotated; they must be withdrawn. */
        EXPIRED,
        /** A start or rotation failed; {@link SessionEvent#detail()} says why. */
        FAILED,
        /** The session was deleted; anything delivered for it must be withdrawn. */
        DELETED;

        /** Whether consumers should withdraw whatever they delivered for the session. */
        public boolean withdrawsCredentials() {
            return this == STOPPED || this == EXPIRED || this == DELETED;
        }

        /** Whether the session has new credentials (delivered by the host before the event is published). */
        public boolean deliversCredentials() {
            return this == STARTED || this == ROTATED;
        }
    }

    public SessionEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static SessionEvent of(Kind kind, SessionSummary session) {
        return new SessionEvent(kind, session, Instant.now(), null, null, false);
    }
}
