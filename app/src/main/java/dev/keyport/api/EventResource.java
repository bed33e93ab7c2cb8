package dev.keyport.api;

import dev.keyport.api.model.SessionEventView;
import dev.keyport.session.SessionEventStream;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/events}: session lifecycle events as Server-Sent Events, from the moment of the request. Each
 * SSE event is named after the kind ({@code STARTED}, {@code ROTATED}...) and carries a {@link SessionEventView} as JSON;
 * the stream opens with a {@code subscribed} event, after which nothing is missed. No event carries a secret.
 */
@Path("/api/v1/events")
public class EventResource {
    private final SessionEventStream stream;
    private final SseJson sseJson;
    private final AtomicLong sequence = new AtomicLong();

    public EventResource(SessionEventStream stream, SseJson sseJson) {
        this.stream = stream;
        this.sseJson = sseJson;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        OutboundSseEvent subscribed = sseJson.event(sse, "subscribed", java.util.Map.of("at", Instant.now().toString()))
                .id(Long.toString(sequence.incrementAndGet())).build();
        // The live stream is subscribed to as soon as the first event is emitted, before the client can read it:
        // a client that has seen "subscribed" misses nothing published afterwards.
        Multi<OutboundSseEvent> live = stream.events().map(e -> sseJson.event(sse, e.kind().name(), ApiViews.event(e))
                .id(Long.toString(sequence.incrementAndGet()))
                .build());
        return SseKeepAlive.around(Multi.createBy().concatenating().streams(Multi.createFrom().item(subscribed), live),
                sse);
    }
}
