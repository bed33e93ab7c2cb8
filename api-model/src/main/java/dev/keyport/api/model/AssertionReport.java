package dev.keyport.api.model;

import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /api/v1/assertions/inspect} found in a SAMLResponse, without calling STS: the basis of role
 * discovery (every role the user may assume, with its account), and notes on what was tolerated or skipped (e.g.
 * OneLogin's placeholder Role value). {@code signature} says which part a signature covers (Keyport reads only that
 * part: a response shaped any other way is refused).
 */
public record AssertionReport(String issuer, String looksLikeProvider, String looksLikeProviderName,
                              String destination, String recipient, List<String> audiences, String partition,
                              String acsRegion, Instant notBefore, Instant notOnOrAfter, boolean currentlyValid,
                              String roleSessionName, Integer sessionDurationSeconds, Instant sessionNotOnOrAfter,
                              boolean encrypted, String signature, List<Role> roles, List<String> notes) {

    /**
     * One role the assertion offers, with the SAML provider that may assume it ({@code idpArn}, as sessions call it;
     * {@code principalArn}, STS's name for it, is the same value under the name Keyport 0.1 answered with).
     */
    public record Role(String roleArn, String idpArn, String principalArn, String accountId, String roleName) {
    }
}
