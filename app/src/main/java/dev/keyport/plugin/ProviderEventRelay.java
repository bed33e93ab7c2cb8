package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands every session event to every provider, through its {@link GuardedProvider}, off the session's own thread: a
 * provider never delays a session's state change. Each provider has a queue of its own, so a slow or hanging provider
 * delays only its own events, never another's; its queue holds at most {@value #BACKLOG} events (beyond that the
 * oldest are dropped, said once in the log), so it cannot make the daemon's memory grow either. Each provider gets
 * its events in order. The threads end when idle: a daemon nobody uses holds none.
 */
@Singleton
public class ProviderEventRelay {
    private static final Logger LOG = Logger.getLogger(ProviderEventRelay.class);
    static final int BACKLOG = 1000;

    private final Supplier<Collection<IdpProvider>> providers;
    private final ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "keyport-provider-events");
                t.setDaemon(true);
                return t;
            });
    private final Map<IdpProvider, ProviderQueue> queues = new ConcurrentHashMap<>();

    @Inject
    public ProviderEventRelay(ProviderRegistry registry) {
        this(registry::providers);
    }

    ProviderEventRelay(Supplier<Collection<IdpProvider>> providers) {
        this.providers = providers;
    }

    public void relay(SessionEvent event) {
        for (IdpProvider provider : providers.get()) {
            queues.computeIfAbsent(provider, ProviderQueue::new).offer(() -> provider.onSessionEvent(event), false);
        }
    }

    /** Completes once every event relayed so far has reached every provider (tests wait on it, instead of time). */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(queues.values().stream().map(ProviderQueue::drained)
                .toArray(CompletableFuture[]::new));
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }

    /** One provider's events, run one after the other on a pooled thread while there are any. */
    private final class ProviderQueue {
        private final IdpProvider provider;
        private final Deque<Runnable> tasks = new ArrayDeque<>();
        private boolean running;
        private boolean overflowReported;

        ProviderQueue(IdpProvider provider) {
            this.provider = provider;
        }

        /** @param beyondBacklog a marker for {@link #drained()}, which is never dropped */
        synchronized void offer(Runnable task, boolean beyondBacklog) {
            if (!beyondBacklog && tasks.size() >= BACKLOG) {
                // The oldest waiting event goes: a provider that catches up should hear how sessions stand now
                // (stopped, deleted), not how they stood when it got stuck.
                tasks.removeFirst();
                if (!overflowReported) {
                    overflowReported = true;
                    LOG.warnf("Provider %s has not taken its last %d session events; the oldest are dropped until it"
                            + " catches up (reported once)", provider.id(), BACKLOG);
                }
            }
            tasks.add(task);
            startIfIdle();
        }

        CompletableFuture<Void> drained() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            offer(() -> done.complete(null), true);
            synchronized (this) {
                if (!running) {
                    done.complete(null); // nothing will run any more (the daemon is stopping)
                }
            }
            return done;
        }

        private synchronized void startIfIdle() {
            if (running || tasks.isEmpty()) {
                return;
            }
            try {
                threads.execute(this::drain);
                running = true;
            } catch (RejectedExecutionException daemonStopping) {
                // The daemon is stopping (withdrawing on shutdown, say): providers are not told any more.
                tasks.clear();
            }
        }

        private void drain() {
            try {
                while (true) {
                    Runnable next;
                    synchronized (this) {
                        next = tasks.poll();
                        if (next == null) {
                            overflowReported = false;
                            return;
                        }
                    }
                    next.run(); // the provider's GuardedProvider handles what its code throws
                }
            } finally {
                // However the loop ended (a JVM failure the guard let through goes on up from here), the queue
                // goes on: the next event finds it idle, or a new drain takes over what is left.
                synchronized (this) {
                    running = false;
                    startIfIdle();
                }
            }
        }
    }
}
