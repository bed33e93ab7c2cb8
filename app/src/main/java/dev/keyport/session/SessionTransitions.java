package dev.keyport.session;

import dev.keyport.delivery.Deliveries;
import dev.keyport.delivery.DeliveryTarget;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static dev.keyport.session.SessionStatus.ACTIVE;
import static dev.keyport.session.SessionStatus.EXPIRED;
import static dev.keyport.session.SessionStatus.FAILED;
import static dev.keyport.session.SessionStatus.INACTIVE;
import static dev.keyport.session.SessionStatus.PENDING;

/**
 * The session state machine: the one table of allowed transitions ({@link Transition}) and the one place that carries
 * one out. A transition is checked against the table, its credentials are delivered or withdrawn
 * ({@link Deliveries}), the new state is persisted ({@link SessionStore}) and its event published
 * ({@link SessionEventPublisher}), always in that order:
 * <ul>
 *   <li>delivering transitions deliver first: a failed delivery changes nothing, and the caller decides what the
 *   failure means (keep the old credentials, or fail the start);</li>
 *   <li>withdrawing transitions persist first: a run killed in between leaves a session that is not active with
 *   something still delivered, which the next start-up withdraws ({@link SessionLifecycle#reconcile()});</li>
 *   <li>a delete withdraws first and forgets the session only then, so nothing stays delivered for a session that
 *   no longer exists.</li>
 * </ul>
 * Delivering and withdrawing transitions are taken under the session's profile lock ({@link ProfileLocks}); the
 * others may race them, and lose quietly when the state no longer allows them.
 */
@Singleton
public class SessionTransitions {
    private static final Logger LOG = Logger.getLogger(SessionTransitions.class);

    /** Every change of a session's state, with the states it may start from, where it leads and what it announces. */
    public enum Transition {
        /**
         * A start begins (sign-in, assertion, STS). From PENDING only when a killed run left it so and the start-up
         * clean-up has not run yet: a start under way is never started twice ({@link StartAttempts}).
         */
        START(SessionEvent.Kind.STARTING, PENDING, INACTIVE, EXPIRED, FAILED, PENDING),
        /** An active session with valid credentials starts again; they stay in use until new ones replace them. */
        RESTART(SessionEvent.Kind.STARTING, ACTIVE, ACTIVE),
        /** A start, restart or refresh waits for the user (to sign in); the state says what for. */
        WAIT_FOR_USER(SessionEvent.Kind.STARTING, null, PENDING, ACTIVE),
        /**
         * Credentials obtained by a start are delivered. From EXPIRED or FAILED too: a restart whose sign-in outlasted
         * the old credentials (the keeper withdrew them meanwhile) still delivers the new ones. Never from INACTIVE:
         * that is a stop, which calls the start off.
         */
        ACTIVATE(SessionEvent.Kind.STARTED, ACTIVE, PENDING, ACTIVE, EXPIRED, FAILED),
        /** Credentials obtained by a refresh replace the current ones. */
        ROTATE(SessionEvent.Kind.ROTATED, ACTIVE, ACTIVE),
        /** A restart or refresh failed; the session stays active on its current credentials, the reason recorded. */
        KEEP_AFTER_FAILURE(SessionEvent.Kind.FAILED, ACTIVE, ACTIVE),
        /** A start failed (or was cut short by a daemon stop), or credentials ran out that could not be refreshed. */
        FAIL(SessionEvent.Kind.FAILED, FAILED, PENDING, EXPIRED),
        /** The credentials ran out: withdrawn. */
        EXPIRE(SessionEvent.Kind.EXPIRED, EXPIRED, ACTIVE),
        /** The user stopped the session (or the daemon withdrew on shutdown): everything delivered is withdrawn. */
        STOP(SessionEvent.Kind.STOPPED, INACTIVE, INACTIVE, PENDING, ACTIVE, EXPIRED, FAILED),
        /** The session is deleted: everything delivered is withdrawn and the session forgotten. */
        DELETE(SessionEvent.Kind.DELETED, null, INACTIVE, ACTIVE, EXPIRED, FAILED);

        private final SessionEvent.Kind event;
        private final SessionStatus to;
        private final Set<SessionStatus> from;

        Transition(SessionEvent.Kind event, SessionStatus to, SessionStatus first, SessionStatus... rest) {
            this.event = event;
            this.to = to;
            this.from = EnumSet.of(first, rest);
        }

        /** What the transition announces. */
        public SessionEvent.Kind event() {
            return event;
        }

        /** Whether a session in {@code status} may take this transition. */
        public boolean allowedFrom(SessionStatus status) {
            return from.contains(status);
        }

        /** Where the transition leads from {@code status} (it stays where it is for WAIT_FOR_USER; DELETE: null). */
        public SessionStatus target(SessionStatus status) {
            return this == WAIT_FOR_USER ? status : to;
        }
    }

    /** A transition carried out, and what it withdrew (one line each, for a stop's answer). */
    public record Moved(FederatedSession session, List<String> withdrawn) {
    }

    private final SessionStore store;
    private final CredentialVault vault;
    private final Deliveries deliveries;
    private final SessionEventPublisher events;
    private final Clock clock;

    public SessionTransitions(SessionStore store, CredentialVault vault, Deliveries deliveries,
                              SessionEventPublisher events, Clock clock) {
        this.store = store;
        this.vault = vault;
        this.deliveries = deliveries;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Carries out a transition that delivers nothing: persists {@code next} of the current state, withdraws what was
     * delivered when the transition ends the credentials (STOP, EXPIRE), and publishes the event. Whether the state
     * allows the transition is decided atomically with the change, so a transition that lost a race to another (a
     * stop, an expiry) does nothing. DELETE withdraws first and forgets the session only once that worked, so a
     * failed withdrawal leaves a session the user can delete again rather than credentials no session answers for.
     *
     * @param detail the event's detail; null for the state's own (what it waits for, or the last error)
     * @return the session after the transition; empty when it is gone or its state does not allow the transition
     * @throws dev.keyport.spi.KeyportException when withdrawing failed (the new state is persisted all the same,
     *                                          except for DELETE)
     */
    public Optional<Moved> move(String id, Transition transition, UnaryOperator<SessionState> next, String detail) {
        if (transition == Transition.ACTIVATE || transition == Transition.ROTATE) {
            throw new IllegalArgumentException(transition + " delivers credentials: use deliver()");
        }
        if (transition == Transition.DELETE) {
            return delete(id);
        }
        boolean[] applied = new boolean[1];
        Optional<FederatedSession> moved = store.update(id, s -> {
            if (!allowed(s, transition)) {
                return s;
            }
            applied[0] = true;
            return s.withState(checked(transition, s, next.apply(s.state())));
        });
        if (moved.isEmpty() || !applied[0]) {
            return Optional.empty();
        }
        List<String> withdrawn = List.of();
        try {
            if (transition.event().withdrawsCredentials()) {
                vault.remove(id);
                withdrawn = deliveries.withdraw(targetOf(moved.get()), transition.event());
            }
        } finally {
            events.publish(eventOf(transition, moved.get(), detail, false));
        }
        return Optional.of(new Moved(moved.get(), withdrawn));
    }

    private Optional<Moved> delete(String id) {
        Optional<FederatedSession> current = store.byId(id).filter(s -> allowed(s, Transition.DELETE));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        List<String> withdrawn = deliveries.withdraw(targetOf(current.get()), Transition.DELETE.event());
        // Only now: a session that stays (the withdrawal failed) keeps serving what it still has delivered.
        vault.remove(id);
        store.delete(id);
        events.publish(eventOf(Transition.DELETE, current.get(), null, false));
        return Optional.of(new Moved(current.get(), withdrawn));
    }

    /**
     * Carries out ACTIVATE or ROTATE: delivers {@code credentials} through every channel, keeps them in memory,
     * persists {@code next} and publishes the event. When delivery fails nothing changes and the failure is thrown.
     *
     * @return the session after the transition; empty when it is gone or its state does not allow the transition
     */
    public Optional<FederatedSession> deliver(String id, Transition transition, AwsCredentials credentials,
                                              UnaryOperator<SessionState> next, boolean replaceProfile) {
        if (transition != Transition.ACTIVATE && transition != Transition.ROTATE) {
            throw new IllegalArgumentException(transition + " delivers nothing: use move()");
        }
        Optional<FederatedSession> current = store.byId(id).filter(s -> allowed(s, transition));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        // Callers hold the profile lock, which every other delivering or withdrawing transition takes too: the
        // state checked here is still the state when the new one is stored.
        deliveries.deliver(targetOf(current.get()), credentials, transition.event(), replaceProfile);
        vault.put(id, credentials);
        FederatedSession moved = store.update(id, s -> s.withState(checked(transition, s, next.apply(s.state()))))
                .orElseThrow();
        events.publish(eventOf(transition, moved, null, replaceProfile));
        return Optional.of(moved);
    }

    /** What delivery knows of a session. */
    public static DeliveryTarget targetOf(FederatedSession session) {
        SessionDefinition d = session.definition();
        return new DeliveryTarget(session.id(), d.alias(), d.profileName(), d.region(), d.delivery());
    }

    public Instant now() {
        return clock.instant();
    }

    private static boolean allowed(FederatedSession session, Transition transition) {
        if (transition.allowedFrom(session.status())) {
            return true;
        }
        LOG.debugf("Session %s is %s: %s does not apply", session.definition().alias(), session.status(), transition);
        return false;
    }

    private static SessionState checked(Transition transition, FederatedSession session, SessionState next) {
        if (next.status() != transition.target(session.status())) {
            throw new IllegalStateException(transition + " from " + session.status() + " must lead to "
                    + transition.target(session.status()) + ", not " + next.status());
        }
        return next;
    }

    private SessionEvent eventOf(Transition transition, FederatedSession session, String detail,
                                 boolean replaceProfile) {
        SessionState state = session.state();
        SessionEvent.Kind kind = transition.event();
        String shown = detail != null ? detail : switch (kind) {
            case STARTING -> state.statusDetail();
            case FAILED, EXPIRED -> state.lastError();
            default -> null;
        };
        Instant expiresAt = kind.deliversCredentials() ? state.expiresAt() : null;
        return new SessionEvent(kind, session.summary(), now(), expiresAt, shown, replaceProfile);
    }
}
