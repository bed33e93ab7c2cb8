package dev.keyport.session;

import dev.keyport.plugin.ProviderEventRelay;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes lifecycle events on the {@value #CHANNEL} channel, whose consumer is the live stream of
 * {@code /api/v1/events} ({@link SessionEventStream}), and hands them to the providers. Events carry no secret and
 * nothing waits on them to deliver credentials: delivery happened before the event ({@link SessionTransitions}).
 * Publishing waits until the stream has taken the event, so watchers see events in the order sessions changed.
 */
@Singleton
public class SessionEventPublisher {
    public static final String CHANNEL = "session-events";
    private static final long ACK_TIMEOUT_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(SessionEventPublisher.class);

    private final Emitter<SessionEvent> emitter;
    private final ProviderEventRelay providers;

    public SessionEventPublisher(@Channel(CHANNEL) Emitter<SessionEvent> emitter, ProviderEventRelay providers) {
        this.emitter = emitter;
        this.providers = providers;
    }

    /** Publishes one event; a consumer's failure is logged, never thrown (the state change already happened). */
    public void publish(SessionEvent event) {
        try {
            emitter.send(event).toCompletableFuture().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Publishing the %s event of session %s failed: %s", event.kind(), event.session().alias(),
                    e.getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            providers.relay(event);
        }
    }
}
