package dev.keyport.session;

import dev.keyport.session.SessionTransitions.Transition;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * What a failed start, restart or refresh leaves behind ({@link SessionStarter} decides that one failed): the
 * transition that records it, the message, and for a refresh when to try again ({@link RefreshPolicy}).
 */
@Singleton
class FailedRuns {
    private static final Logger LOG = Logger.getLogger(FailedRuns.class);

    private final SessionCatalogue catalogue;
    private final SessionTransitions transitions;
    private final RefreshPolicy policy;

    FailedRuns(SessionCatalogue catalogue, SessionTransitions transitions, RefreshPolicy policy) {
        this.catalogue = catalogue;
        this.transitions = transitions;
        this.policy = policy;
    }

    /**
     * A failed start is FAILED. A failed restart or refresh of a session whose credentials are still valid stays
     * active on them with the failure recorded; one whose credentials ran out meanwhile is withdrawn as expiry would.
     */
    void record(FederatedSession before, boolean refresh, boolean restart, KeyportException e) {
        String id = before.id();
        Instant now = transitions.now();
        if (refresh) {
            refreshFailed(id, e, now);
        } else if (restart && holdsValidCredentials(before)) {
            String detail = "Starting again failed; the current credentials stay valid until "
                    + before.state().expiresAt() + ". " + e.getMessage();
            LOG.warnf("Session %s: %s", before.definition().alias(), detail);
            transitions.move(id, Transition.KEEP_AFTER_FAILURE, s -> before.state().withLastError(detail, now), null);
        } else {
            if (catalogue.current(id).status() == SessionStatus.ACTIVE) {
                transitions.move(id, Transition.EXPIRE, s -> s.expired(now), null);
            }
            LOG.warnf("Session %s failed to start: %s", before.definition().alias(), e.getMessage());
            transitions.move(id, Transition.FAIL, s -> SessionState.failed(e.getMessage(), now), null);
        }
    }

    private void refreshFailed(String id, KeyportException e, Instant now) {
        SessionState state = catalogue.current(id).state();
        Instant retryAt = RefreshPolicy.retryable(e)
                ? policy.nextRetry(state.refreshFailures(), now, state.expiresAt()) : null;
        String detail = "Refreshing failed; the current credentials stay valid until " + state.expiresAt()
                + (retryAt != null ? "; next try at " + retryAt : "; not retried, since trying again cannot help")
                + ". " + e.getMessage();
        transitions.move(id, Transition.KEEP_AFTER_FAILURE, s -> s.refreshFailed(e.getMessage(), retryAt, now), detail)
                .ifPresent(m -> LOG.warnf("Session %s: %s", m.session().definition().alias(), detail));
    }

    /** Active, with credentials that have not run out: what a failed restart must not take away. */
    boolean holdsValidCredentials(FederatedSession session) {
        return session.status() == SessionStatus.ACTIVE && session.state().expiresAt() != null
                && session.state().expiresAt().isAfter(transitions.now());
    }

    /** A KeyportException as it is; anything else is a bug, logged with its trace and reported without detail. */
    static KeyportException unexpected(Throwable e, FederatedSession session) {
        if (e instanceof KeyportException ke) {
            return ke;
        }
        LOG.errorf(e, "Session %s: starting failed unexpectedly", session.definition().alias());
        return new KeyportException(ErrorCategory.INTERNAL, "Starting session '" + session.definition().alias()
                + "' failed unexpectedly (" + e.getClass().getName() + "); see the daemon log.");
    }

    /** What a start called off by a stop answers. */
    static KeyportException stoppedWhileStarting(FederatedSession session) {
        return new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                + "' was stopped while it was starting; nothing was delivered.");
    }
}
