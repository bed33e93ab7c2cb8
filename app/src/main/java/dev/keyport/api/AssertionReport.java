package dev.keyport.api;

import dev.keyport.assertion.RolePair;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReading;
import dev.keyport.aws.Arn;
import dev.keyport.spi.IdpProvider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code POST /api/v1/assertions/inspect} found in a SAMLResponse, without calling STS: the basis of role
 * discovery (every role the user may assume, with its account), and notes on what was tolerated or skipped (e.g.
 * OneLogin's placeholder Role value). {@code signature} says which part a signature covers (Keyport reads only that part:
 * a response shaped any other way is refused).
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
        static Role of(RolePair pair) {
            String account = null;
            String name = null;
            try {
                Arn role = Arn.parse(pair.roleArn());
                account = role.accountId();
                name = role.resource().substring(role.resource().lastIndexOf('/') + 1);
            } catch (IllegalArgumentException e) {
                // shown as read; STS would refuse it, and the start's checks say so
            }
            return new Role(pair.roleArn(), pair.idpArn(), pair.idpArn(), account, name);
        }
    }

    static AssertionReport of(SamlAssertionReading reading, Optional<IdpProvider> provider, Instant now) {
        SamlAssertion a = reading.assertion();
        boolean valid = !a.encrypted()
                && a.notBefore().map(nb -> !now.isBefore(nb)).orElse(true)
                && a.notOnOrAfter().map(now::isBefore).orElse(true);
        return new AssertionReport(a.issuer(), provider.map(IdpProvider::id).orElse(null),
                provider.map(IdpProvider::displayName).orElse(null), a.destination().orElse(null),
                a.recipient().orElse(null), a.audiences(),
                a.acsEndpoint().map(e -> e.partition().id()).orElse(null),
                a.acsEndpoint().flatMap(e -> e.region()).orElse(null),
                a.notBefore().orElse(null), a.notOnOrAfter().orElse(null), valid, a.roleSessionName().orElse(null),
                a.sessionDuration().isPresent() ? a.sessionDuration().getAsInt() : null,
                a.sessionNotOnOrAfter().orElse(null), a.encrypted(), reading.signature(),
                a.rolePairs().stream().map(Role::of).toList(), reading.notes());
    }
}
