package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Hands every session event to every provider, with the provider's own class loader as the thread's context loader
 * (XML and SAML libraries inside a plugin look classes up through it). A provider that fails is logged, never fatal.
 */
@Singleton
public class ProviderEventRelay {
    private static final Logger LOG = Logger.getLogger(ProviderEventRelay.class);
    private final ProviderRegistry registry;

    public ProviderEventRelay(ProviderRegistry registry) {
        this.registry = registry;
    }

    public void relay(SessionEvent event) {
        for (IdpProvider provider : registry.providers()) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(provider.getClass().getClassLoader());
            try {
                provider.onSessionEvent(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.warnf("Provider %s failed to handle %s for session %s: %s", provider.id(), event.kind(),
                        event.session().id(), e.getClass().getName());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
