package dev.keyport.api.model;

/**
 * A session {@code POST /api/v1/assertions/discover} suggests: the fields of a {@link SessionRequest}, plus the id of
 * a session that already uses the same role and IdP, if one does.
 */
public record SessionSuggestion(String alias, String profileName, String region, String samlUrl, String idpArn,
                                String roleArn, String existingSessionId) {
}
