package dev.keyport.assertion;

import dev.keyport.aws.Partition;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SamlFixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.keyport.testkit.SamlFixtures.IDP_A;
import static dev.keyport.testkit.SamlFixtures.IDP_B;
import static dev.keyport.testkit.SamlFixtures.ROLE_A;
import static dev.keyport.testkit.SamlFixtures.ROLE_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssertionChecksTest {
    private static final Duration SKEW = Duration.ofMinutes(2);
    private final AssertionChecks checks = new AssertionChecks(SKEW);
    private final Instant now = Instant.now();

    private static final Optional<Partition.AcsEndpoint> AWS_ACS =
            Optional.of(new Partition.AcsEndpoint(Partition.AWS, Optional.empty()));

    /** A readable assertion valid from now-5m to now+5m with pairs A and B, in partition aws. */
    private SamlAssertion assertion(Optional<Instant> notBefore, Optional<Instant> notOnOrAfter,
                                    Optional<String> sessionName, Optional<Partition.AcsEndpoint> acs,
                                    List<RolePair> pairs) {
        return new SamlAssertion("https://idp.example/", Optional.of("https://signin.aws.amazon.com/saml"),
                Optional.of("https://signin.aws.amazon.com/saml"), List.of("https://signin.aws.amazon.com/saml"),
                notBefore, notOnOrAfter, sessionName, OptionalInt.empty(), Optional.empty(), pairs, List.of(), false, acs,
                "PHNhbWxwOlJlc3BvbnNlLz4=");
    }

    private SamlAssertion good() {
        return assertion(Optional.of(now.minusSeconds(300)), Optional.of(now.plusSeconds(300)),
                Optional.of("jane@example.com"), AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A),
                        new RolePair(ROLE_B, IDP_B)));
    }

    private KeyportException refused(SamlAssertion a, String role, String idp, Instant at, ErrorCategory category) {
        KeyportException e = assertThrows(KeyportException.class, () -> checks.checkUsable(a, role, idp, at));
        assertEquals(category, e.category(), e.getMessage());
        return e;
    }

    @Test
    void aUsableAssertionPassesWithoutWarnings() {
        assertEquals(List.of(), checks.checkUsable(good(), ROLE_B, IDP_B, now));
        assertEquals(List.of(), checks.checkUsable(good(), "  " + ROLE_A + "\n", "\t" + IDP_A + " ", now));
    }

    @Test
    void pairNotInTheAssertionListsThePairsThatAre() {
        String m = refused(good(), ROLE_A, IDP_B, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains(ROLE_A + " <- " + IDP_A), m);
        assertTrue(m.contains(ROLE_B + " <- " + IDP_B), m);
        assertTrue(m.contains("another identity provider"), m);
        String other = "arn:aws:iam::123456789012:role/Other";
        String m2 = refused(good(), other, IDP_A, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m2.contains("does not allow role " + other), m2);
        assertTrue(m2.contains(ROLE_A + " <- " + IDP_A), m2);
    }

    @Test
    void comparisonIsExactAfterTrimming() {
        refused(good(), ROLE_A.toLowerCase(), IDP_A, now, ErrorCategory.INVALID_INPUT);
        refused(good(), ROLE_A + "/", IDP_A, now, ErrorCategory.INVALID_INPUT);
    }

    @Test
    void swappedArnsAreCalledOut() {
        String m = refused(good(), IDP_A, ROLE_A, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains("swapped"), m);
    }

    @Test
    void noRolesAtAll() {
        SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of("jane"),
                AWS_ACS, List.of());
        String m = refused(a, ROLE_A, IDP_A, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains("no AWS role") && m.contains(SamlFixtures.ROLE), m);
    }

    @Test
    void expiredSaysWhenAndToLogInAgain() {
        Instant end = now.minusSeconds(90);
        SamlAssertion a = assertion(Optional.of(now.minusSeconds(400)), Optional.of(end), Optional.of("jane"),
                AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A)));
        String m = refused(a, ROLE_A, IDP_A, now, ErrorCategory.REJECTED).getMessage();
        assertTrue(m.contains("expired at " + end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), m);
        assertTrue(m.contains("90 s ago"), m);
        assertTrue(m.contains("about 5 minutes") && m.contains("log in"), m);
    }

    @Test
    void expiryIsExactlyAtNotOnOrAfter() {
        Instant end = now.plusSeconds(10);
        SamlAssertion a = assertion(Optional.empty(), Optional.of(end), Optional.of("jane"), AWS_ACS,
                List.of(new RolePair(ROLE_A, IDP_A)));
        assertEquals(List.of(), checks.checkUsable(a, ROLE_A, IDP_A, end.minusMillis(1)));
        refused(a, ROLE_A, IDP_A, end, ErrorCategory.REJECTED);
    }

    @Test
    void clockSkewBoundaryForNotBefore() {
        Instant start = now.plus(SKEW);
        SamlAssertion a = assertion(Optional.of(start), Optional.of(now.plusSeconds(600)), Optional.of("jane"),
                AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A)));
        // exactly the allowed skew ahead: accepted
        assertEquals(List.of(), checks.checkUsable(a, ROLE_A, IDP_A, now));
        // one millisecond more: refused
        KeyportException e = refused(a, ROLE_A, IDP_A, now.minusMillis(1), ErrorCategory.REJECTED);
        assertTrue(e.getMessage().contains("clock"), e.getMessage());
        assertTrue(e.getMessage().contains("2 min"), e.getMessage());
        // a zero allowance refuses anything not yet started
        AssertionChecks strict = new AssertionChecks(Duration.ZERO);
        SamlAssertion soon = assertion(Optional.of(now.plusSeconds(1)), Optional.of(now.plusSeconds(600)),
                Optional.of("jane"), AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A)));
        assertThrows(KeyportException.class, () -> strict.checkUsable(soon, ROLE_A, IDP_A, now));
        assertEquals(List.of(), checks.checkUsable(soon, ROLE_A, IDP_A, now));
    }

    @Test
    void acsPartitionDifferentFromTheArns() {
        SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of("jane"),
                Optional.of(new Partition.AcsEndpoint(Partition.AWS_US_GOV, Optional.empty())),
                List.of(new RolePair(ROLE_A, IDP_A)));
        String m = refused(a, ROLE_A, IDP_A, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains("aws-us-gov") && m.contains("partition aws"), m);
        assertTrue(m.contains("Specified provider doesn't exist"), m);
    }

    @Test
    void regionalAcsOfTheSamePartitionIsFine() {
        SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of("jane"),
                Optional.of(new Partition.AcsEndpoint(Partition.AWS, Optional.of("eu-west-1"))),
                List.of(new RolePair(ROLE_A, IDP_A)));
        assertEquals(List.of(), checks.checkUsable(a, ROLE_A, IDP_A, now));
    }

    @Test
    void roleAndProviderInDifferentPartitions() {
        String govIdp = "arn:aws-us-gov:iam::123456789012:saml-provider/Okta";
        SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of("jane"),
                AWS_ACS, List.of(new RolePair(ROLE_A, govIdp)));
        String m = refused(a, ROLE_A, govIdp, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains("partition aws") && m.contains("aws-us-gov"), m);
    }

    @Test
    void missingAcsOrExpiryGivesWarningsNotRefusals() {
        SamlAssertion a = assertion(Optional.empty(), Optional.empty(), Optional.of("jane"), Optional.empty(),
                List.of(new RolePair(ROLE_A, IDP_A)));
        List<String> warnings = checks.checkUsable(a, ROLE_A, IDP_A, now);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("partition"), warnings.toString());
        assertTrue(warnings.get(1).contains("NotOnOrAfter"), warnings.toString());
    }

    @Test
    void missingRoleSessionNameIsAnIdpConfigurationIssue() {
        SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.empty(), AWS_ACS,
                List.of(new RolePair(ROLE_A, IDP_A)));
        String m = refused(a, ROLE_A, IDP_A, now, ErrorCategory.INVALID_INPUT).getMessage();
        assertTrue(m.contains("identity provider configuration"), m);
        assertTrue(m.contains(SamlFixtures.SESSION_NAME), m);
    }

    @Test
    void roleSessionNameMustMatchWhatStsAccepts() {
        for (String ok : new String[]{"ab", "jane.doe+aws=1,x@example.com", "a_b-c", "x".repeat(64)}) {
            SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of(ok),
                    AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A)));
            assertEquals(List.of(), checks.checkUsable(a, ROLE_A, IDP_A, now), ok);
        }
        String[][] bad = {{"j", "1 characters"}, {"x".repeat(65), "65 characters"}, {"Jane Doe", "a space"},
                {"jane/doe", "'/'"}, {"j\u00e9r\u00f4me", "'\u00e9'"}};
        for (String[] b : bad) {
            SamlAssertion a = assertion(Optional.empty(), Optional.of(now.plusSeconds(60)), Optional.of(b[0]),
                    AWS_ACS, List.of(new RolePair(ROLE_A, IDP_A)));
            String m = refused(a, ROLE_A, IDP_A, now, ErrorCategory.INVALID_INPUT).getMessage();
            assertTrue(m.contains(b[1]), m);
            assertTrue(m.contains("2 to 64") && m.contains("a-z A-Z 0-9 _ + = , . @ -"), m);
        }
    }

    @Test
    void encryptedAssertionGivesTheWarningInsteadOfRefusing() {
        SamlAssertion enc = new SamlAssertion("https://idp.example/", Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(),
                List.of(), List.of(), true, Optional.empty(), "x");
        List<String> warnings = checks.checkUsable(enc, ROLE_A, IDP_A, now.plus(Duration.ofDays(365)));
        assertEquals(List.of("the assertion is encrypted; Keyport could not check the role, validity or partition"
                + " and trusts the configured ARNs"), warnings);
    }

    @Test
    void messagesDoNotLeakTheSamlResponse() {
        SamlAssertion a = good();
        KeyportException e = refused(a, ROLE_A, IDP_B, now, ErrorCategory.INVALID_INPUT);
        assertFalse(e.getMessage().contains(a.samlResponse()), e.getMessage());
    }

    @Test
    void negativeSkewIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new AssertionChecks(Duration.ofSeconds(-1)));
    }
}
