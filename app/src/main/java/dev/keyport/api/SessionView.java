package dev.keyport.api;

import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionDefinition;
import dev.keyport.session.SessionState;
import dev.keyport.session.SessionStatus;
import dev.keyport.session.StopResult;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A session as the API shows it: what was configured and where it stands; while it is active, where tools find its
 * credentials ({@code deliveredTo}, one line per delivery channel); after a stop, what the stop withdrew
 * ({@code withdrawn}, absent otherwise). Holds no secret.
 */
public record SessionView(String id, String alias, String profileName, String region, String samlUrl, String idpArn,
                          String roleArn, String providerId, String providerReason, Integer durationSeconds,
                          List<String> loginPagePatterns, List<String> assertionConsumerPatterns, DeliveryMethod delivery,
                          String parentSession,
                          SessionStatus status,
                          Instant expiresAt, Integer grantedDurationSeconds, String lastError, String statusDetail,
                          List<String> warnings, int refreshFailures, Instant retryAt, String identityArn,
                          Instant createdAt, Instant updatedAt, List<String> deliveredTo,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> withdrawn) {

    /** @param deliveredTo what the delivery channels say of the session (empty unless it is active) */
    static SessionView of(FederatedSession session, List<String> deliveredTo) {
        return of(session, deliveredTo, null);
    }

    /** The view of a stopped session, with what the stop withdrew. */
    static SessionView stopped(StopResult result) {
        return of(result.session(), List.of(), result.withdrawn());
    }

    private static SessionView of(FederatedSession session, List<String> deliveredTo, List<String> withdrawn) {
        SessionDefinition d = session.definition();
        SessionState s = session.state();
        return new SessionView(session.id(), d.alias(), d.profileName(), d.region(), d.samlUrl(), d.idpArn(),
                d.roleArn(), d.providerId(), d.providerReason(), d.durationSeconds(), d.loginPagePatterns(),
                d.assertionConsumerPatterns(), d.delivery(), d.parentSession(), s.status(), s.expiresAt(), s.durationSeconds(),
                s.lastError(), s.statusDetail(), s.warnings(), s.refreshFailures(), s.retryAt(), s.identityArn(), session.createdAt(),
                s.updatedAt(), s.status() == SessionStatus.ACTIVE ? deliveredTo : List.of(), withdrawn);
    }
}
