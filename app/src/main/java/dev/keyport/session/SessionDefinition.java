package dev.keyport.session;

/**
 * What the user configures for a federated session. Validated by {@link SessionValidator} before it is stored.
 *
 * @param alias           unique, human name of the session
 * @param profileName     named profile the credentials are delivered to
 * @param region          default region, written to the config file and used for STS
 * @param samlUrl         the IdP's SAML 2.0 URL where the login flow starts
 * @param idpArn          the IAM SAML provider's ARN
 * @param roleArn         the IAM role to assume
 * @param providerId      IdP provider id; detected from {@code samlUrl} when {@code null}
 * @param durationSeconds requested credential lifetime (900-43200); {@code null} means: the assertion's
 *                        SessionDuration, else 3600
 */
public record SessionDefinition(String alias, String profileName, String region, String samlUrl, String idpArn,
                                String roleArn, String providerId, Integer durationSeconds) {

    /** The same definition with surrounding whitespace removed and blank optional fields turned into null. */
    public SessionDefinition normalised() {
        return new SessionDefinition(trim(alias), trim(profileName), trim(region), trim(samlUrl), trim(idpArn),
                trim(roleArn), blankToNull(trim(providerId)), durationSeconds);
    }

    public SessionDefinition withProviderId(String id) {
        return new SessionDefinition(alias, profileName, region, samlUrl, idpArn, roleArn, id, durationSeconds);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
