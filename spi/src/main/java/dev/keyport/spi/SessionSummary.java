package dev.keyport.spi;

import java.util.Objects;

/**
 * The non-secret facts about a federated session that event consumers need.
 *
 * <p>How a session's credentials are delivered (credentials file, {@code credential_process}, an exec's container
 * endpoint) is the host's business and no longer part of this view: SPI 1.2 had a {@code credentialProcess}
 * component, which is gone since 1.3. Its accessor and constructor stay, deprecated, so that providers built against
 * 1.2 still link.
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

    /**
     * The SPI 1.2 shape; {@code credentialProcess} is ignored.
     *
     * @deprecated since 1.3: delivery details are not part of the SPI; use the seven-argument constructor
     */
    @Deprecated(since = "1.3")
    public SessionSummary(String id, String alias, String profileName, String region, String roleArn, String idpArn,
                          String providerId, String credentialProcess) {
        this(id, alias, profileName, region, roleArn, idpArn, providerId);
    }

    /**
     * Always {@code null} since SPI 1.3.
     *
     * @deprecated since 1.3: delivery details are not part of the SPI
     */
    @Deprecated(since = "1.3")
    public String credentialProcess() {
        return null;
    }
}
