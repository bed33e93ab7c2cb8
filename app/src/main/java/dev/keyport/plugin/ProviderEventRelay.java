package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;

/** Hands every session event to every provider, through its {@link GuardedProvider}. */
@Singleton
public class ProviderEventRelay {
    private final ProviderRegistry registry;

    public ProviderEventRelay(ProviderRegistry registry) {
        this.registry = registry;
    }

    public void relay(SessionEvent event) {
        for (IdpProvider provider : registry.providers()) {
            provider.onSessionEvent(event);
        }
    }
}
