package dev.keyport.session;

import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.login.LoginFlow;

import java.util.List;

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
 * @param loginPagePatterns         extra regexes for the IdP's sign-in page URLs (on top of the provider's)
 * @param assertionConsumerPatterns extra DevTools URL patterns where the IdP posts SAML responses
 * @param delivery        how the credentials reach the profile; {@link DeliveryMethod#CREDENTIALS_FILE} when null
 * @param parentSession   for a chained-role session: the id of the federated session whose credentials assume
 *                        {@code roleArn} (then samlUrl, idpArn and providerId are unused); null for a SAML session
 * @param providerReason  how the provider was chosen (set by {@link SessionValidator}, not by the user)
 * @param loginFlow       how the session signs in; {@link LoginFlow#BROWSER} when null
 * @param username        the IdP user name a headless login signs in as; null: asked at each sign-in. Not a secret
 */
public record SessionDefinition(String alias, String profileName, String region, String samlUrl, String idpArn,
                                String roleArn, String providerId, Integer durationSeconds,
                                List<String> loginPagePatterns, List<String> assertionConsumerPatterns,
                                DeliveryMethod delivery, String parentSession, String providerReason,
                                LoginFlow loginFlow, String username) {

    public SessionDefinition {
        delivery = delivery == null ? DeliveryMethod.CREDENTIALS_FILE : delivery;
        loginFlow = loginFlow == null ? LoginFlow.BROWSER : loginFlow;
        loginPagePatterns = loginPagePatterns == null ? List.of() : copyOf(loginPagePatterns);
        assertionConsumerPatterns = assertionConsumerPatterns == null ? List.of() : copyOf(assertionConsumerPatterns);
    }

    /** An unmodifiable copy that keeps null entries for the validator to name (List.copyOf would throw on them). */
    private static List<String> copyOf(List<String> values) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    /** A definition with the essentials only (no extra patterns, provider to be chosen). */
    public SessionDefinition(String alias, String profileName, String region, String samlUrl, String idpArn,
                             String roleArn, String providerId, Integer durationSeconds) {
        this(alias, profileName, region, samlUrl, idpArn, roleArn, providerId, durationSeconds, null, null, null, null,
                null, null, null);
    }

    /** The same definition with surrounding whitespace removed and blank optional fields turned into null. */
    public SessionDefinition normalised() {
        return new SessionDefinition(trim(alias), trim(profileName), trim(region), trim(samlUrl), trim(idpArn),
                trim(roleArn), blankToNull(trim(providerId)), durationSeconds, trimAll(loginPagePatterns),
                trimAll(assertionConsumerPatterns), delivery, blankToNull(trim(parentSession)), providerReason,
                loginFlow, blankToNull(trim(username)));
    }

    /** The {@code providerReason} of a provider named in the session (it sticks); any other was detected. */
    public static final String PROVIDER_CHOSEN = "chosen in the session";

    /**
     * Whether the provider was named in the session, rather than detected from the SAML URL. A session saved before
     * the reason was recorded counts as named: its provider was kept on every edit then, and still is.
     */
    public boolean providerChosen() {
        return PROVIDER_CHOSEN.equals(providerReason) || (providerReason == null && providerId != null);
    }

    public SessionDefinition withProvider(String id, String reason) {
        return new SessionDefinition(alias, profileName, region, samlUrl, idpArn, roleArn, id, durationSeconds,
                loginPagePatterns, assertionConsumerPatterns, delivery, parentSession, reason, loginFlow, username);
    }

    /** The same chained definition, naming its parent by id. */
    public SessionDefinition withParent(String parentId, String reason) {
        return new SessionDefinition(alias, profileName, region, null, null, roleArn, null, durationSeconds,
                List.of(), List.of(), delivery, parentId, reason, null, null);
    }

    /** Whether this is a chained-role session (AssumeRole with a parent session's credentials). */
    /**
     * Whether {@code name} is this session's alias: aliases are compared ignoring case (as lower-cased in the root
     * locale). Every start looks a session up by alias among all of them, so ASCII names, nearly all, are compared
     * without making lower-case copies.
     */
    public boolean hasAlias(String name) {
        if (isAscii(alias) && isAscii(name)) {
            return alias.equalsIgnoreCase(name);
        }
        return alias.toLowerCase(java.util.Locale.ROOT).equals(name.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public boolean chained() {
        return parentSession != null;
    }

    private static List<String> trimAll(List<String> values) {
        // Blank entries go; a null entry stays for the validator to name (a client bug, not a blank).
        return values.stream().map(v -> v == null ? null : v.trim()).filter(v -> v == null || !v.isEmpty()).toList();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
