package dev.keyport.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * Server-Sent Events whose data is JSON, in the standard's own fields only: {@code event:}, {@code id:},
 * {@code data:}. The JSON is written here, with the daemon's mapper, because an event given a media type makes the
 * framework add a {@code content-type:} line to the frame, which is no SSE field.
 */
@Singleton
class SseJson {
    private final ObjectMapper json;

    SseJson(ObjectMapper json) {
        this.json = json;
    }

    /** An event named {@code name} carrying {@code data} as one line of JSON; add an id with the builder. */
    OutboundSseEvent.Builder event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder().name(name).data(String.class, json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An API record could not be written as JSON: " + e.getOriginalMessage());
        }
    }
}
