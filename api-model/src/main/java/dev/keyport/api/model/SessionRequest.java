package dev.keyport.api.model;

import java.util.List;

/**
 * The body of {@code POST /api/v1/sessions} (create) and {@code PUT /api/v1/sessions/{idOrAlias}} (replace): a
 * session's definition. A field left out (or null) takes its default. {@code loginFlow}: how the session signs in
 * (default BROWSER); {@code username}: the IdP user name a HEADLESS login signs in as (asked when absent).
 */
public record SessionRequest(String alias, String profileName, String region, String samlUrl, String idpArn,
                             String roleArn, String providerId, Integer durationSeconds,
                             List<String> loginPagePatterns, List<String> assertionConsumerPatterns,
                             DeliveryMethod delivery, String parentSession, LoginFlow loginFlow, String username) {
}
