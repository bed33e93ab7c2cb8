package dev.keyport.session;

import dev.keyport.spi.KeyportException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps sessions alive while the daemon runs: after start-up it reconciles what the last run left, then checks every
 * {@code keyport.session.check-interval} for refreshes and expiries that are due ({@link SessionService#check}). On
 * shutdown it leaves valid credentials in place, or withdraws them when {@code keyport.session.withdraw-on-shutdown}.
 */
@Singleton
public class SessionKeeper {
    private static final Logger LOG = Logger.getLogger(SessionKeeper.class);

    private final SessionService sessions;
    private final SessionConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keyport-session-check");
        t.setDaemon(true);
        return t;
    });

    public SessionKeeper(SessionService sessions, SessionConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        // Off the start-up path: reading sessions.json should not delay the first request.
        CompletableFuture.runAsync(() -> {
            try {
                sessions.reconcile();
            } catch (KeyportException e) {
                LOG.error(e.getMessage());
            }
            long period = Math.max(100, config.checkInterval().toMillis());
            timer.scheduleWithFixedDelay(this::checkQuietly, 0, period, TimeUnit.MILLISECONDS);
        });
    }

    private void checkQuietly() {
        try {
            sessions.check();
        } catch (KeyportException e) {
            // sessions.json unreadable: reported by health and every API call; nothing to refresh meanwhile.
            LOG.debugf("Session check skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Session check failed");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        sessions.shutdownRefreshes();
        if (config.withdrawOnShutdown()) {
            try {
                sessions.withdrawAll();
            } catch (RuntimeException e) {
                LOG.errorf("Withdrawing credentials on shutdown failed: %s", e.getMessage());
            }
        }
    }
}
