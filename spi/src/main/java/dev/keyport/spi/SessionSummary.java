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
 * @param credentialProcess for a session delivered through {@code credential_process}: the command line its config
 *                          profile runs (then the credentials file holds nothing for the profile); {@code null} when
 *                          the credentials are written to the credentials file. Since SPI 1.2.
 */
public record SessionSummary(String id, String alias, String profileName, String region, String roleArn,
                             String idpArn, String providerId, String credentialProcess) {
    public SessionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profileName, "profileName");
    }

    /** A session delivered to the credentials file (the SPI 1.1 shape). */
    public SessionSummary(String id, String alias, String profileName, String region, String roleArn, String idpArn,
                          String providerId) {
        this(id, alias, profileName, region, roleArn, idpArn, providerId, null);
    }
}
