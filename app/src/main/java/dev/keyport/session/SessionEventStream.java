package dev.keyport.session;

import dev.keyport.spi.SessionEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Lifecycle events for live watchers (the {@code /api/v1/events} stream), as the lifecycle publishes them. Each watcher
 * gets the events published from the moment it subscribes, in order; one that reads too slowly loses its stream
 * rather than slowing down sessions.
 */
@Singleton
public class SessionEventStream {
    /** Events a watcher may fall behind by before it is cut off. */
    static final int WATCHER_BUFFER = 1024;

    private final BroadcastProcessor<SessionEvent> processor = BroadcastProcessor.create();

    /** The consumer of the lifecycle's events; serialised, as the processor requires one emitting thread at a time. */
    @Incoming(SessionEventPublisher.CHANNEL)
    public synchronized void publish(SessionEvent event) {
        processor.onNext(event);
    }

    /** The events from now on. */
    public Multi<SessionEvent> events() {
        return processor.onOverflow().buffer(WATCHER_BUFFER);
    }
}
