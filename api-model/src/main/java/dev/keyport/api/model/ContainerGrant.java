package dev.keyport.api.model;

import java.time.Instant;

/**
 * The {@code grant} event of {@code POST /api/v1/sessions/{idOrAlias}/container-endpoint}: what {@code keyport exec}
 * puts into the program's environment (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN).
 */
public record ContainerGrant(String fullUri, String authorizationToken, Instant expiresAt) {
    @Override
    public String toString() {
        return "ContainerGrant[fullUri=<redacted>, authorizationToken=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
