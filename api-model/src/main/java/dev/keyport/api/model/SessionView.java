package dev.keyport.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A session as the API shows it: what was configured and where it stands; while it is active, where tools find its
 * credentials ({@code deliveredTo}, one line per delivery channel); after a stop, what the stop withdrew
 * ({@code withdrawn}, absent otherwise). {@code providerChosen}: the provider was named in the session (it sticks);
 * otherwise it was detected from the SAML URL, and is detected again when the URL changes (absent from daemons before
 * Keyport 0.2). {@code challenge}: while a headless login waits for the user, what it waits for (absent otherwise).
 * Holds no secret.
 */
public record SessionView(String id, String alias, String profileName, String region, String samlUrl, String idpArn,
                          String roleArn, String providerId, String providerReason, Boolean providerChosen,
                          Integer durationSeconds,
                          List<String> loginPagePatterns, List<String> assertionConsumerPatterns,
                          DeliveryMethod delivery, String parentSession,
                          SessionStatus status,
                          Instant expiresAt, Integer grantedDurationSeconds, String lastError, String statusDetail,
                          List<String> warnings, int refreshFailures, Instant retryAt, String identityArn,
                          Instant createdAt, Instant updatedAt, List<String> deliveredTo,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> withdrawn,
                          LoginFlow loginFlow, String username,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ChallengeView challenge) {
}
