package dev.keyport.api;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Duration;

/**
 * Keeps a Server-Sent Events stream alive with a comment line every {@value #SECONDS} s, well within the HTTP idle
 * timeout that closes silent connections (quarkus.http.idle-timeout). Clients ignore comments; the stream ends when
 * the events it carries end.
 */
final class SseKeepAlive {
    static final long SECONDS = 30;

    private SseKeepAlive() {
    }

    static Multi<OutboundSseEvent> around(Multi<OutboundSseEvent> events, Sse sse) {
        return Multi.createFrom().emitter(emitter -> {
            Cancellable ticks = Multi.createFrom().ticks().every(Duration.ofSeconds(SECONDS)).subscribe().with(
                    tick -> emitter.emit(sse.newEventBuilder().comment("keep-alive").build()));
            Cancellable forwarded = events.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            emitter.onTermination(() -> {
                ticks.cancel();
                forwarded.cancel();
            });
        });
    }
}
