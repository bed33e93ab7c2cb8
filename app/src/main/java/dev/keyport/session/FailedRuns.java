package dev.keyport.session;

import dev.keyport.session.SessionTransitions.Transition;
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
}
