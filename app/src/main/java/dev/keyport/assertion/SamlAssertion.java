package dev.keyport.assertion;

import dev.keyport.aws.Partition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Keyport read from a SAMLResponse, plus the response exactly as received (it goes to STS untouched).
 *
 * @param issuer               the Response's (else the Assertion's) Issuer
 * @param destination          Response/@Destination, if any
 * @param recipient            SubjectConfirmationData/@Recipient, if any
 * @param audiences            every AudienceRestriction/Audience value
 * @param notBefore            start of validity: the latest of Conditions/@NotBefore (and similar), if any
 * @param notOnOrAfter         end of validity: the earliest of Conditions/@NotOnOrAfter and
 *                             SubjectConfirmationData/@NotOnOrAfter, if any
 * @param roleSessionName      the RoleSessionName attribute, trimmed, if present
 * @param sessionDuration      the SessionDuration attribute in seconds, if present and numeric
 * @param sessionNotOnOrAfter  AuthnStatement/@SessionNotOnOrAfter, if any
 * @param rolePairs            every role/provider pair, classified by content, de-duplicated, in document order
 * @param noRoleReasons        when {@code rolePairs} is empty: why each Role value was not usable (a provider's
 *                             placeholder, roles only under an alias...), for the error a start reports; never quotes
 *                             the assertion
 * @param encrypted            the assertion is an EncryptedAssertion: nothing inside it could be read
 * @param acsEndpoint          partition (and region) of the ACS URL (Destination, else Recipient), if it is an AWS one
 * @param samlResponse         the base64 SAMLResponse exactly as supplied; a secret, never printed
 */
public record SamlAssertion(String issuer, Optional<String> destination, Optional<String> recipient,
                            List<String> audiences, Optional<Instant> notBefore, Optional<Instant> notOnOrAfter,
                            Optional<String> roleSessionName, OptionalInt sessionDuration,
                            Optional<Instant> sessionNotOnOrAfter, List<RolePair> rolePairs, List<String> noRoleReasons,
                            boolean encrypted,
                            Optional<Partition.AcsEndpoint> acsEndpoint, String samlResponse) {

    @Override
    public String toString() {
        return "SamlAssertion[issuer=" + issuer + ", rolePairs=" + rolePairs + ", encrypted=" + encrypted
                + ", notOnOrAfter=" + notOnOrAfter + ", samlResponse=<redacted>]";
    }
}
