package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands every session event to every provider, through its {@link GuardedProvider}, on a thread of its own: a slow
 * provider delays other providers' events, never a session's state change. Events keep their order.
 */
@Singleton
public class ProviderEventRelay {
    private final ProviderRegistry registry;
    private final ExecutorService relay = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keyport-provider-events");
        t.setDaemon(true);
        return t;
    });

    public ProviderEventRelay(ProviderRegistry registry) {
        this.registry = registry;
    }

    public void relay(SessionEvent event) {
        try {
            relay.execute(() -> {
                for (IdpProvider provider : registry.providers()) {
                    provider.onSessionEvent(event);
                }
            });
        } catch (RejectedExecutionException daemonStopping) {
            // The daemon is stopping (withdrawing on shutdown, say): providers are not told any more.
        }
    }

    /** Completes once every event relayed so far has reached every provider (tests wait on it, instead of time). */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.runAsync(() -> { }, relay);
    }

    @PreDestroy
    void stop() {
        relay.shutdown();
    }
}
