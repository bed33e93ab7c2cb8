package dev.keyport.api;

import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.session.SessionDefinition;

import java.util.List;

/** The body of {@code POST /api/v1/sessions} and {@code PUT /api/v1/sessions/{idOrAlias}}. */
public record SessionRequest(String alias, String profileName, String region, String samlUrl, String idpArn,
                             String roleArn, String providerId, Integer durationSeconds,
                             List<String> loginPagePatterns, List<String> assertionConsumerPatterns,
                             DeliveryMethod delivery, String parentSession) {

    SessionDefinition toDefinition() {
        return new SessionDefinition(alias, profileName, region, samlUrl, idpArn, roleArn, providerId, durationSeconds,
                loginPagePatterns, assertionConsumerPatterns, delivery, parentSession, null);
    }
}
