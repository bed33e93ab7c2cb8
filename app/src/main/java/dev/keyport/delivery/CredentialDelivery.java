package dev.keyport.delivery;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;

import java.util.List;
import java.util.Optional;

/**
 * One way a session's credentials reach the tools that use them: the credentials file, {@code credential_process},
 * the container endpoint of {@code keyport exec}. The lifecycle talks to all of them through {@link Deliveries} and
 * never knows which exist; a channel never calls back into the lifecycle. A new way to deliver is one more
 * implementation (a CDI bean) and its tests.
 *
 * <p>{@link #deliver}, {@link #withdraw} and {@link #restore} are called under the session's profile lock, so a
 * channel sees one change of a profile at a time.
 */
public interface CredentialDelivery {

    /** Whether this channel serves a session delivered by {@code method} (an always-on channel serves every one). */
    boolean serves(DeliveryMethod method);

    /**
     * Hands new credentials to the tools: the session {@code STARTED} or was {@code ROTATED}.
     *
     * @param replaceProfile for a start: the user asked to replace a profile section that Keyport did not write
     * @throws KeyportException when the credentials could not be delivered; the message says what to fix, and what
     *                          was delivered before stays in place
     */
    void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause, boolean replaceProfile);

    /**
     * Takes back everything this channel delivered for the session: it {@code STOPPED}, {@code EXPIRED} or was
     * {@code DELETED}, or (at start-up) the last run left something behind for a session that is not active.
     *
     * @return what was withdrawn or put back, one line each, for the person who asked; empty when nothing was held
     */
    List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause);

    /**
     * After a daemon restart: the credentials this channel delivered for an active session in the last run that it
     * still holds (so the session needs no new sign-in); empty when it keeps nothing across runs.
     */
    Optional<AwsCredentials> restore(DeliveryTarget target);

    /**
     * Where this channel comes among the others (lower first; ties by class name). Delivery stops at the first
     * channel that fails, so a channel whose work should only happen once the profile is written comes later.
     */
    default int order() {
        return 100;
    }

    /** Where a tool finds the session's credentials through this channel, for a person; empty when nowhere. */
    Optional<String> describe(DeliveryTarget target);
}
