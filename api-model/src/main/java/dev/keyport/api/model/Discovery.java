package dev.keyport.api.model;

import java.time.Instant;
import java.util.List;

/**
 * Roles found in an assertion the daemon now holds under {@code discoveryId} until {@code expiresAt}: sessions for
 * them are created, and started from it, with {@code POST /api/v1/assertions/discoveries/{discoveryId}/sessions}.
 */
public record Discovery(String discoveryId, Instant expiresAt, List<SessionSuggestion> suggestions) {
}
