package dev.keyport.session;

import dev.keyport.spi.KeyportException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps sessions alive while the daemon runs: after start-up it reconciles what the last run left, then checks every
 * {@code keyport.session.check-interval} for refreshes and expiries that are due ({@link #check(Instant)}). On
 * shutdown it leaves valid credentials in place, or withdraws them when {@code keyport.session.withdraw-on-shutdown}.
 */
@Singleton
public class SessionKeeper {
    private static final Logger LOG = Logger.getLogger(SessionKeeper.class);

    private final SessionCatalogue catalogue;
    private final SessionLifecycle lifecycle;
    private final SessionStarter starter;
    private final StartAttempts attempts;
    private final SessionConfig config;
    private final RefreshPolicy policy;
    private final Clock clock;
    /** Background refreshes: each may wait minutes for a browser sign-in, so they do not share the check's thread. */
    private final ExecutorService refreshes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keyport-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keyport-session-check");
        t.setDaemon(true);
        return t;
    });

    public SessionKeeper(SessionCatalogue catalogue, SessionLifecycle lifecycle, SessionStarter starter,
                         StartAttempts attempts, SessionConfig config, RefreshPolicy policy, Clock clock) {
        this.catalogue = catalogue;
        this.lifecycle = lifecycle;
        this.starter = starter;
        this.attempts = attempts;
        this.clock = clock;
        this.config = config;
        this.policy = policy;
    }

    /**
     * Looks at every active session as of {@code now}: withdraws credentials that ran out, and begins the refreshes
     * (and retries) that are due. Refreshes run in the background; the result completes when they are done. Tests
     * call it with the instant they want to see, so nothing waits for real time.
     */
    public CompletableFuture<Void> check(Instant now) {
        List<CompletableFuture<Void>> begun = new ArrayList<>();
        for (FederatedSession session : catalogue.list()) {
            SessionState state = session.state();
            if (session.status() != SessionStatus.ACTIVE || state.expiresAt() == null) {
                continue;
            }
            if (!now.isBefore(state.expiresAt())) {
                lifecycle.expireIfDue(session.id(), state.expiresAt());
            } else if (!attempts.busy(session.id()) && policy.due(state, now)) {
                begun.add(CompletableFuture.runAsync(() -> starter.refreshQuietly(session.id()), refreshes));
            }
        }
        return CompletableFuture.allOf(begun.toArray(CompletableFuture[]::new));
    }

    void onStart(@Observes StartupEvent event) {
        // Off the start-up path: reading sessions.json should not delay the first request.
        CompletableFuture.runAsync(() -> {
            try {
                lifecycle.reconcile();
            } catch (KeyportException e) {
                LOG.error(e.getMessage());
            }
            long period = Math.max(100, config.checkInterval().toMillis());
            timer.scheduleWithFixedDelay(this::checkQuietly, 0, period, TimeUnit.MILLISECONDS);
        });
    }

    private void checkQuietly() {
        try {
            check(clock.instant());
        } catch (KeyportException e) {
            // sessions.json unreadable: reported by health and every API call; nothing to refresh meanwhile.
            LOG.debugf("Session check skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Session check failed");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        refreshes.shutdownNow();
        if (config.withdrawOnShutdown()) {
            try {
                lifecycle.withdrawAll();
            } catch (RuntimeException e) {
                LOG.errorf("Withdrawing credentials on shutdown failed: %s", e.getMessage());
            }
        }
    }
}
