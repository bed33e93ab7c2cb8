package dev.keyport.api.model;

import java.time.Instant;

/**
 * One session lifecycle event as {@code GET /api/v1/events} sends it: the SSE event is named after {@code kind}
 * ({@code STARTING}, {@code STARTED}, {@code ROTATED}...) and carries this as JSON. No event carries a secret.
 */
public record SessionEventView(String kind, String sessionId, String alias, String profileName, Instant occurredAt,
                               Instant credentialsExpireAt, String detail) {
}
