package dev.keyport.api.model;

import java.time.Instant;

/**
 * The answer of {@code POST /api/v1/sessions/{idOrAlias}/console-page}: a private page (0600) that forwards to the
 * console sign-in URL, and when the daemon removes it. No secret.
 */
public record ConsolePage(String page, Instant removeAt) {
}
