package dev.keyport.spi;

import java.util.Objects;

/**
 * The non-secret facts about a federated session that event consumers need.
 *
 * @param id          stable session id
 * @param alias       the user's name for the session
 * @param profileName the named profile the credentials are delivered to ({@code --profile NAME})
 * @param region      the session's default region, e.g. {@code eu-west-1}
 * @param roleArn     the IAM role assumed
 * @param idpArn      the IAM SAML provider the assertion is presented for
 * @param providerId  the {@link IdpProvider#id()} serving the session, or {@code null} if none is known
 */
public record SessionSummary(String id, String alias, String profileName, String region, String roleArn,
                             String idpArn, String providerId) {
    public SessionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profileName, "profileName");
    }
}
