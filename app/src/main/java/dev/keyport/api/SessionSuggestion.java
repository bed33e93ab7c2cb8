package dev.keyport.api;

import dev.keyport.session.SessionDefinition;
import dev.keyport.session.SessionDiscovery;

/**
 * A session {@code POST /api/v1/assertions/discover} suggests: the fields of {@link SessionRequest}, plus the id of a
 * session that already uses the same role and IdP, if one does.
 */
public record SessionSuggestion(String alias, String profileName, String region, String samlUrl, String idpArn,
                                String roleArn, String existingSessionId) {

    static SessionSuggestion of(SessionDiscovery.Suggestion suggestion) {
        SessionDefinition d = suggestion.definition();
        return new SessionSuggestion(d.alias(), d.profileName(), d.region(), d.samlUrl(), d.idpArn(), d.roleArn(),
                suggestion.existingSession());
    }
}
