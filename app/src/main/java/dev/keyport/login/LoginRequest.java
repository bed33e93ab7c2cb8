package dev.keyport.login;

import java.util.List;

/**
 * Where and how a session logs in.
 *
 * @param samlUrl                   where the IdP login starts
 * @param providerId                the session's provider (its sign-in page patterns apply), or null
 * @param loginPagePatterns         the session's own sign-in page regexes
 * @param assertionConsumerPatterns the session's own URL patterns where SAML responses are posted
 */
public record LoginRequest(String samlUrl, String providerId, List<String> loginPagePatterns,
                           List<String> assertionConsumerPatterns) {
}
