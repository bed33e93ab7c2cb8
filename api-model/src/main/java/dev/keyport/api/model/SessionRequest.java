package dev.keyport.api.model;

import java.util.List;

/**
 * The body of {@code POST /api/v1/sessions} (create) and {@code PUT /api/v1/sessions/{idOrAlias}} (replace): a
 * session's definition. A field left out (or null) takes its default.
 */
public record SessionRequest(String alias, String profileName, String region, String samlUrl, String idpArn,
                             String roleArn, String providerId, Integer durationSeconds,
                             List<String> loginPagePatterns, List<String> assertionConsumerPatterns,
                             DeliveryMethod delivery, String parentSession) {

    /** The definition a session shows, as a request that would recreate it (the start of an edit). */
    public static SessionRequest of(SessionView s) {
        return new SessionRequest(s.alias(), s.profileName(), s.region(), s.samlUrl(), s.idpArn(), s.roleArn(),
                s.providerId(), s.durationSeconds(), s.loginPagePatterns(), s.assertionConsumerPatterns(),
                s.delivery(), s.parentSession());
    }
}
