package dev.keyport.delivery;

import java.util.Objects;

/**
 * The facts about a session that delivery needs: where its credentials go and how. Holds no secret.
 *
 * @param sessionId   marks what Keyport wrote for the session, so one session never withdraws another's
 * @param alias       for messages
 * @param profileName the named profile the tools use ({@code --profile NAME})
 * @param region      the session's default region, written with the profile
 * @param method      how the tools of the named profile get the credentials
 */
public record DeliveryTarget(String sessionId, String alias, String profileName, String region,
                             DeliveryMethod method) {
    public DeliveryTarget {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(method, "method");
    }
}
