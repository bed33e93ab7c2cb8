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
}
