package dev.keyport.session;

import dev.keyport.delivery.Deliveries;
import dev.keyport.login.LoginService;
import dev.keyport.session.SessionTransitions.Transition;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How sessions end and carry on across daemon runs: stop, delete, expire, log out of the IdP, the clean-up after a
 * restart and the withdrawal on shutdown. Starting and refreshing are {@link SessionStarter}'s; every state change
 * goes through {@link SessionTransitions}.
 */
@Singleton
public class SessionLifecycle {
    private static final Logger LOG = Logger.getLogger(SessionLifecycle.class);
    /** Withdrawals on shutdown at once: enough to keep the writers' queues full; more would only wait on them. */
    private static final int WITHDRAWING_THREADS = 16;

    private final SessionCatalogue catalogue;
    private final SessionTransitions transitions;
    private final ProfileLocks locks;
    private final StartAttempts attempts;
    private final CredentialVault vault;
    private final Deliveries deliveries;
    private final LoginService login;

    public SessionLifecycle(SessionCatalogue catalogue, SessionTransitions transitions, ProfileLocks locks,
                            StartAttempts attempts, CredentialVault vault, Deliveries deliveries, LoginService login) {
        this.catalogue = catalogue;
        this.transitions = transitions;
        this.locks = locks;
        this.attempts = attempts;
        this.vault = vault;
        this.deliveries = deliveries;
        this.login = login;
    }

    /**
     * Stops a session, whatever its state, and withdraws everything Keyport delivered for it: the profile sections it
     * owns (a section that replaced the user's own gives way to the original again), the container endpoints handed
     * out for it, the credentials in memory; a start under way is called off, and chained sessions built on it are
     * stopped first. Says what it withdrew.
     */
    public StopResult stop(String idOrAlias) {
        return stop(catalogue.find(idOrAlias), new HashSet<>());
    }

    private StopResult stop(FederatedSession session, Set<String> seen) {
        List<String> report = new ArrayList<>();
        if (!seen.add(session.id())) {
            return new StopResult(session, report);
        }
        for (FederatedSession child : catalogue.children(session.id())) {
            StopResult stopped = stop(child, seen);
            report.add("stopped chained session '" + child.definition().alias() + "'"
                    + (stopped.withdrawn().isEmpty() ? "" : " (" + String.join("; ", stopped.withdrawn()) + ")"));
        }
        FederatedSession stopped = locks.with(session.definition().profileName(), () -> {
            FederatedSession current = catalogue.current(session.id());
            attempts.cancel(current.id()).ifPresent(a -> report.add("called off the " + a.what() + " under way"));
            SessionTransitions.Moved moved = transitions.move(current.id(), Transition.STOP,
                    s -> SessionState.inactive(transitions.now()), null).orElseThrow();
            report.addAll(moved.withdrawn());
            LOG.infof("Session %s stopped (was %s)%s", current.definition().alias(), current.status(),
                    report.isEmpty() ? "; nothing was delivered" : ": " + String.join("; ", report));
            return moved.session();
        });
        return new StopResult(stopped, report);
    }

    /** Deletes a session, withdrawing what it delivered; refused while it starts or while sessions chain from it. */
    public void delete(String idOrAlias) {
        catalogue.whileDefinitionsHold(() -> {
            FederatedSession session = catalogue.find(idOrAlias);
            return locks.with(session.definition().profileName(), () -> {
                FederatedSession current = catalogue.current(session.id());
                if (current.status() == SessionStatus.PENDING) {
                    throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + current.definition().alias()
                            + "' is starting; delete it once the start has finished.");
                }
                List<String> children = catalogue.children(current.id()).stream()
                        .map(c -> c.definition().alias()).toList();
                if (!children.isEmpty()) {
                    throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + current.definition().alias()
                            + "' is the parent of chained session(s) " + children + "; delete them (or give them"
                            + " another parent) first.");
                }
                // A refresh under way would otherwise deliver again for a session that no longer exists.
                attempts.cancel(current.id());
                transitions.move(current.id(), Transition.DELETE, s -> s, null);
                login.forgetSession(current.id());
                LOG.infof("Session %s deleted", current.definition().alias());
                return null;
            });
        });
    }

    /**
     * Forgets the IdP's sign-in kept for this session's SAML URL (the browser profile and its cookies), so the next
     * start asks the user to sign in again. The session's state and credentials are left as they are.
     */
    public FederatedSession logout(String idOrAlias) {
        FederatedSession session = catalogue.find(idOrAlias);
        if (session.status() == SessionStatus.PENDING) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                    + "' is signing in right now; log out once the start has finished.");
        }
        boolean wiped = login.logout(session.id(), session.definition().samlUrl());
        LOG.infof("Session %s logged out of its IdP%s", session.definition().alias(), wiped ? "" : " (no sign-in was kept)");
        return session;
    }

    /**
     * Withdraws the credentials of an active session that ran out at {@code expiresAt} (a check that comes late, or
     * twice, changes nothing). One whose refresh could not have helped then ends FAILED.
     */
    public void expireIfDue(String id, Instant expiresAt) {
        catalogue.byId(id).ifPresent(session -> locks.with(session.definition().profileName(), () -> {
            catalogue.byId(id)
                    .filter(s -> s.status() == SessionStatus.ACTIVE && Objects.equals(s.state().expiresAt(), expiresAt))
                    .ifPresent(this::expire);
            return null;
        }));
    }

    private void expire(FederatedSession s) {
        Instant now = transitions.now();
        transitions.move(s.id(), Transition.EXPIRE, x -> x.expired(now), null);
        if (s.state().refreshAbandoned()) {
            // Withdrawn like any expiry, but the session failed: retrying would not have helped.
            String error = "The credentials expired and could not be refreshed: " + s.state().lastError();
            LOG.warnf("Session %s failed: %s", s.definition().alias(), error);
            transitions.move(s.id(), Transition.FAIL, x -> SessionState.failed(error, now), null);
        } else {
            LOG.infof("Session %s expired%s", s.definition().alias(),
                    s.state().lastError() == null ? "" : ": " + s.state().lastError());
        }
    }

    /**
     * After a restart: a start that was under way failed; active sessions stay active on the credentials they
     * delivered (the {@link SessionKeeper}'s next check withdraws those that ran out and refreshes the others on
     * schedule); whatever a session that is not active still has in the AWS files (a stop cut short) is withdrawn.
     */
    public void reconcile() {
        for (FederatedSession listed : catalogue.list()) {
            locks.with(listed.definition().profileName(), () -> {
                // Read again under the lock: the API answers while this runs, and a start or stop may have come first.
                FederatedSession session = catalogue.byId(listed.id()).orElse(null);
                if (session == null || attempts.busy(session.id())) {
                    return null;
                }
                if (session.status() == SessionStatus.ACTIVE) {
                    restoreDelivered(session);
                    return null;
                }
                if (session.status() == SessionStatus.PENDING) {
                    transitions.move(session.id(), Transition.FAIL, s -> SessionState.failed(
                            "The daemon stopped while this session was starting. Start it again.", transitions.now()),
                            null);
                }
                // A run killed between recording a stop and removing the profile left credentials the session no
                // longer answers for: they go now.
                withdrawLeftovers(session);
                return null;
            });
        }
    }

    private void withdrawLeftovers(FederatedSession session) {
        try {
            List<String> removed = deliveries.withdraw(SessionTransitions.targetOf(session), SessionEvent.Kind.STOPPED);
            if (!removed.isEmpty()) {
                LOG.infof("Session %s is %s; withdrew what an interrupted run had left: %s",
                        session.definition().alias(), session.status(), String.join("; ", removed));
            }
        } catch (KeyportException e) {
            LOG.warnf("Session %s: could not withdraw what an interrupted run left: %s", session.definition().alias(),
                    e.getMessage());
        }
    }

    /**
     * Takes back the credentials the last run delivered, when a channel still holds them and they are the ones the
     * session recorded, so that credential_process, exec and console need no new sign-in after a restart.
     */
    private void restoreDelivered(FederatedSession session) {
        Instant expiresAt = session.state().expiresAt();
        if (expiresAt == null || !expiresAt.isAfter(transitions.now())) {
            return;
        }
        try {
            deliveries.restore(SessionTransitions.targetOf(session))
                    // The file keeps whole seconds; anything else means the file no longer holds what we wrote.
                    .filter(c -> c.expiration().equals(expiresAt.truncatedTo(ChronoUnit.SECONDS)))
                    .ifPresent(c -> {
                        vault.put(session.id(), c);
                        LOG.infof("Session %s: took back the credentials delivered before the restart (valid until"
                                + " %s)", session.definition().alias(), c.expiration());
                    });
        } catch (KeyportException e) {
            LOG.warnf("Session %s: the credentials delivered before the restart could not be read back: %s",
                    session.definition().alias(), e.getMessage());
        }
    }

    /**
     * Runs {@code action} while the session is active with credentials, under its profile lock, so that a stop
     * cannot slip in between the check and what the action hands out (an exec grant).
     *
     * @throws KeyportException CONFLICT when the session is not active (any more)
     */
    public <T> T whileActive(String id, java.util.function.Supplier<T> action) {
        FederatedSession session = catalogue.current(id);
        return locks.with(session.definition().profileName(), () -> {
            FederatedSession current = catalogue.current(id);
            if (current.status() != SessionStatus.ACTIVE || vault.credentialsFor(id).isEmpty()) {
                throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + current.definition().alias()
                        + "' is " + current.status() + " and has no credentials to hand out. Start it first.");
            }
            return action.get();
        });
    }

    /**
     * Withdraws the credentials of every active session (daemon shutdown, when configured to). The withdrawals run
     * side by side: each waits for its profile to leave the AWS files, and together they share the credentials
     * writer's and the session store's group commits, so a daemon holding hundreds of sessions stops after a few
     * writes rather than one per session. A withdrawal that fails is logged and the others go on.
     */
    public void withdrawAll() {
        List<FederatedSession> active = catalogue.list().stream()
                .filter(s -> s.status() == SessionStatus.ACTIVE).toList();
        if (active.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WITHDRAWING_THREADS, active.size()), r -> {
            Thread t = new Thread(r, "keyport-withdraw-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> withdrawals = new ArrayList<>();
            for (FederatedSession session : active) {
                withdrawals.add(pool.submit(() -> withdraw(session)));
            }
            for (int i = 0; i < withdrawals.size(); i++) {
                try {
                    withdrawals.get(i).get();
                } catch (ExecutionException e) {
                    LOG.errorf("Withdrawing session %s on shutdown failed: %s", active.get(i).definition().alias(),
                            e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Withdrawing credentials on shutdown was interrupted; some profiles may remain");
        } finally {
            pool.shutdownNow();
        }
    }

    private void withdraw(FederatedSession session) {
        locks.with(session.definition().profileName(), () -> catalogue.byId(session.id())
                .filter(s -> s.status() == SessionStatus.ACTIVE)
                .flatMap(s -> transitions.move(s.id(), Transition.STOP,
                        x -> SessionState.inactive(transitions.now()), null))
                .orElse(null));
    }
}
