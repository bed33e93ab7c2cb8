package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.ACCOUNT;
import static dev.keyport.testkit.Testkit.GOV_PROVIDER;
import static dev.keyport.testkit.Testkit.GOV_ROLE;
import static dev.keyport.testkit.Testkit.OTHER_ROLE;
import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static dev.keyport.testkit.Testkit.UNKNOWN_PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRoleWithSAML as STS answers it: the assertions of each IdP accepted, and every way STS refuses one,
 * with its status, code and message.
 */
class StsEmulatorTest extends StsEmulatorFixture {

    // --- success paths ------------------------------------------------------------------------------------------

    @Test
    void googleAssertionReturnsCredentialsAndIsRecordedVerbatim() throws Exception {
        SamlResponseFactory.SamlResponse saml = idp.google().rolePair(ROLE, PROVIDER).roleSessionName("alice@example.com").build();

        AssumeRoleWithSamlResponse r = assume(saml.base64(), ROLE, PROVIDER, null);

        assertTrue(r.credentials().accessKeyId().matches("ASIA[A-Z2-7]{16}"), r.credentials().accessKeyId());
        assertEquals(40, r.credentials().secretAccessKey().length());
        assertTrue(r.credentials().sessionToken().length() > 100);
        assertEquals(t0.plusSeconds(3600), r.credentials().expiration());
        assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/KeyportDev/alice@example.com", r.assumedRoleUser().arn());
        assertTrue(r.assumedRoleUser().assumedRoleId().matches("AROA[A-Z2-7]{17}:alice@example\\.com"),
                r.assumedRoleUser().assumedRoleId());
        assertEquals(SamlResponseFactory.ACS_AWS, r.audience());
        assertEquals("https://accounts.google.com/o/saml2?idpid=C0tstk1t", r.issuer());
        assertEquals("alice@example.com", r.subject());
        assertEquals(SamlResponseFactory.NAMEID_UNSPECIFIED_11, r.subjectType()); // non-2.0 formats are returned whole
        String expectedQualifier = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((r.issuer() + ACCOUNT + "/KeyportIdP").getBytes(StandardCharsets.UTF_8)));
        assertEquals(expectedQualifier, r.nameQualifier());
        assertNull(r.packedPolicySize());

        List<StsEmulator.ReceivedRequest> received = sts.requests();
        assertEquals(1, received.size());
        StsEmulator.ReceivedRequest q = received.get(0);
        assertEquals("AssumeRoleWithSAML", q.action());
        assertEquals(ROLE, q.roleArn());
        assertEquals(PROVIDER, q.principalArn());
        assertNull(q.durationSeconds());
        assertEquals(saml.base64(), q.samlAssertion());
        assertEquals("POST", q.method());
        assertEquals("/", q.path());
        assertTrue(q.header("Content-Type").startsWith("application/x-www-form-urlencoded"), q.header("Content-Type"));
        assertNull(q.header("Authorization"), "AssumeRoleWithSAML must go out unsigned");
        assertEquals(200, q.httpStatus());
        assertNull(q.errorCode());
        assertFalse(q.toString().contains(saml.base64()), "toString must not print the assertion");

        List<StsEmulator.IssuedCredentials> issued = sts.issuedCredentials();
        assertEquals(1, issued.size());
        assertEquals(r.credentials().accessKeyId(), issued.get(0).accessKeyId());
        assertEquals(r.credentials().secretAccessKey(), issued.get(0).secretAccessKey());
        assertEquals(3600, issued.get(0).durationSeconds());
        assertFalse(issued.get(0).toString().contains(r.credentials().secretAccessKey()));
        assertFalse(issued.get(0).toString().contains(r.credentials().sessionToken()));
    }

    @Test
    void oktaProviderFirstBothSignedWithDurationSeconds() {
        String saml = idp.okta().rolePair(ROLE, PROVIDER).roleSessionName("alice").build().base64();

        AssumeRoleWithSamlResponse r = assume(saml, ROLE, PROVIDER, 900);

        assertEquals(t0.plusSeconds(900), r.credentials().expiration());
        assertEquals("unspecified", r.subjectType());
        assertEquals("http://www.okta.com/exk1testkitokta0h8", r.issuer());
        assertEquals(900, sts.requests().get(0).durationSeconds());
    }

    @Test
    void paddedTrailingCommaSeveralValuesAndAzureDuplicateClaimAreAccepted() {
        String saml = idp.azure()
                .roleValue("\n      " + ROLE + " , " + PROVIDER + " ,\n    ", OTHER_ROLE + "," + PROVIDER)
                .roleSessionName("alice@example.com")
                .build().base64();

        assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice@example.com",
                assume(saml, ROLE, PROVIDER, null).assumedRoleUser().arn());
        assertEquals("arn:aws:sts::123456789012:assumed-role/SSO.AdminRole/alice@example.com",
                assume(saml, OTHER_ROLE, PROVIDER, null).assumedRoleUser().arn());
        assertEquals(SamlResponseFactory.NAMEID_EMAIL, sts.issuedCredentials().get(0).subjectType());
    }

    @Test
    void oneLoginDefaultPlaceholderGrantsNothing() {
        String onlyDefault = idp.onelogin().build().base64();
        assertError(rejected(onlyDefault, ROLE, PROVIDER, null), 403, "AccessDenied", StsEmulator.MSG_NOT_AUTHORIZED);

        String withPair = idp.onelogin().defaultRolePlaceholder().rolePair(ROLE, PROVIDER).build().base64();
        assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice@example.com",
                assume(withPair, ROLE, PROVIDER, null).assumedRoleUser().arn());
    }

    @Test
    void govCloudPairAndDestination() {
        sts.registerProvider(GOV_PROVIDER, idp.publicKey());
        String saml = idp.response().rolePair(GOV_ROLE, GOV_PROVIDER).destination(SamlResponseFactory.ACS_GOVCLOUD)
                .audience("urn:amazon:webservices:govcloud").build().base64();

        AssumeRoleWithSamlResponse r = assume(saml, GOV_ROLE, GOV_PROVIDER, null);

        assertEquals("arn:aws-us-gov:sts::123456789012:assumed-role/GovRole/alice@example.com", r.assumedRoleUser().arn());
        assertEquals(SamlResponseFactory.ACS_GOVCLOUD, r.audience());
    }

    @Test
    void responseOnlySignatureIsEnough() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).signResponse(true).signAssertion(false).build().base64();
        assertEquals(t0.plusSeconds(3600), assume(saml, ROLE, PROVIDER, null).credentials().expiration());
    }

    @Test
    void providerWithoutKeySkipsSignatureChecks() {
        sts.registerProvider(PROVIDER, null);
        String unsigned = idp.response().rolePair(ROLE, PROVIDER).signAssertion(false).build().base64();
        assertEquals(1, assumeCount(unsigned));
        assertEquals(ROLE, sts.issuedCredentials().get(0).roleArn());
    }

    @Test
    void sessionNotOnOrAfterCapsExpiration() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).sessionNotOnOrAfter(t0.plusSeconds(1200)).build().base64();
        assertEquals(t0.plusSeconds(1200), assume(saml, ROLE, PROVIDER, 3600).credentials().expiration());
    }

    @Test
    void durationUpToTheRolesMaxSessionDuration() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        assertError(rejected(saml, ROLE, PROVIDER, 7200), 400, "ValidationError", StsEmulator.MSG_MAX_SESSION);

        sts.maxSessionDuration(ROLE, 43200);
        assertEquals(t0.plusSeconds(7200), assume(saml, ROLE, PROVIDER, 7200).credentials().expiration());
        assertEquals(t0.plusSeconds(43200), assume(saml, ROLE, PROVIDER, 43200).credentials().expiration());
    }


    // --- rejections ----------------------------------------------------------------------------------------------

    @Test
    void durationOutsideTheApiRange() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        assertError(rejected(saml, ROLE, PROVIDER, 899), 400, "ValidationError",
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
        assertError(rejected(saml, ROLE, PROVIDER, 43201), 400, "ValidationError",
                "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 43200");
        assertTrue(sts.issuedCredentials().isEmpty());
    }

    @Test
    void pairNotInTheAssertionIsAccessDenied() {
        String saml = idp.response().rolePair(OTHER_ROLE, PROVIDER).build().base64();
        StsException e = rejected(saml, ROLE, PROVIDER, null);
        assertError(e, 403, "AccessDenied", StsEmulator.MSG_NOT_AUTHORIZED);
        assertEquals("AccessDenied", sts.requests().get(0).errorCode());
        assertEquals(403, sts.requests().get(0).httpStatus());
    }

    @Test
    void roleAndProviderSwappedOrMalformed() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        assertError(rejected(saml, PROVIDER, ROLE, null), 400, "ValidationError", StsEmulator.MSG_ARN_INVALID);
        assertError(rejected(saml, "arn:aws:iam::12345:role/KeyportDev", PROVIDER, null), 400, "ValidationError",
                StsEmulator.MSG_ARN_INVALID);
    }

    @Test
    void unknownProvider() {
        String saml = idp.response().rolePair(ROLE, UNKNOWN_PROVIDER).build().base64();
        assertError(rejected(saml, ROLE, UNKNOWN_PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_NO_PROVIDER);
        // a GovCloud provider sent to this (commercial) STS is unknown as well
        String gov = idp.response().rolePair(GOV_ROLE, GOV_PROVIDER).build().base64();
        assertError(rejected(gov, GOV_ROLE, GOV_PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_NO_PROVIDER);
    }

    @Test
    void tamperedSignedAssertionIsRejected() {
        SamlResponseFactory.SamlResponse good = idp.google().rolePair(ROLE, PROVIDER).roleSessionName("alice").build();
        SamlResponseFactory.SamlResponse bad = good.tamper(x -> x.replace(">alice<", ">mallory<"));
        assertNotEquals(good.xml(), bad.xml());

        assertError(rejected(bad.base64(), ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SIGNATURE_INVALID);
        assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice",
                assume(good.base64(), ROLE, PROVIDER, null).assumedRoleUser().arn());
    }

    @Test
    void tamperedRoleInBothSignedResponseIsRejected() {
        SamlResponseFactory.SamlResponse good = idp.okta().rolePair(OTHER_ROLE, PROVIDER).build();
        SamlResponseFactory.SamlResponse bad = good.tamper(x -> x.replace(OTHER_ROLE, ROLE));
        assertNotEquals(good.xml(), bad.xml());
        assertError(rejected(bad.base64(), ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SIGNATURE_INVALID);
    }

    @Test
    void signatureByAnotherKeyOrNoSignatureIsRejected() {
        SamlResponseFactory otherIdp = new SamlResponseFactory();
        String foreign = otherIdp.response().rolePair(ROLE, PROVIDER).build().base64();
        assertError(rejected(foreign, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SIGNATURE_INVALID);

        String unsigned = idp.response().rolePair(ROLE, PROVIDER).signAssertion(false).build().base64();
        assertError(rejected(unsigned, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SIGNATURE_INVALID);
    }

    @Test
    void roleSessionNameMissingOrInvalid() {
        String none = idp.response().rolePair(ROLE, PROVIDER).noRoleSessionName().build().base64();
        assertError(rejected(none, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SESSION_NAME_REQUIRED);

        for (String bad : List.of("alice smith", "a", "dom/alice", "x".repeat(65))) {
            String saml = idp.response().rolePair(ROLE, PROVIDER).roleSessionName(bad).build().base64();
            assertError(rejected(saml, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_SESSION_NAME_PATTERN);
        }
    }

    @Test
    void expiredAssertion() {
        String old = idp.response().rolePair(ROLE, PROVIDER).issueInstant(t0.minus(Duration.ofMinutes(6))).build().base64();
        assertError(rejected(old, ROLE, PROVIDER, null), 400, "ExpiredTokenException", StsEmulator.MSG_EXPIRED);

        String fresh = idp.response().rolePair(ROLE, PROVIDER).issueInstant(t0).build().base64();
        sts.clock(Clock.fixed(t0.plus(Duration.ofMinutes(5)), ZoneOffset.UTC)); // NotOnOrAfter is exclusive
        assertError(rejected(fresh, ROLE, PROVIDER, null), 400, "ExpiredTokenException", StsEmulator.MSG_EXPIRED);
        sts.clock(Clock.fixed(t0.plus(Duration.ofMinutes(5)).minusMillis(1), ZoneOffset.UTC));
        assertEquals(1, assumeCount(fresh));
    }

    private int assumeCount(String saml) {
        assume(saml, ROLE, PROVIDER, null);
        return sts.issuedCredentials().size();
    }

    @Test
    void notBase64NotXmlAndDoctypeAreInvalidIdentityToken() {
        assertEquals("InvalidIdentityToken", rejected("%%%not*base64%%%", ROLE, PROVIDER, null).awsErrorDetails().errorCode());
        String notXml = Base64.getEncoder().encodeToString("this is not xml".getBytes(StandardCharsets.UTF_8));
        assertEquals("InvalidIdentityToken", rejected(notXml, ROLE, PROVIDER, null).awsErrorDetails().errorCode());

        SamlResponseFactory.SamlResponse good = idp.response().rolePair(ROLE, PROVIDER).build();
        SamlResponseFactory.SamlResponse withDtd = good.tamper(x -> {
            int start = x.startsWith("<?xml") ? x.indexOf("?>") + 2 : 0;
            return x.substring(0, start) + "<!DOCTYPE r [<!ENTITY e \"x\">]>" + x.substring(start);
        });
        StsException e = rejected(withDtd.base64(), ROLE, PROVIDER, null);
        assertEquals("InvalidIdentityToken", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("DTD"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void encryptedAssertionCannotBeReadByTheEmulator() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).encryptAssertion(true).build().base64();
        StsException e = rejected(saml, ROLE, PROVIDER, null);
        assertError(e, 400, "InvalidIdentityToken", null);
        assertTrue(e.awsErrorDetails().errorMessage().contains("EncryptedAssertion"));
    }

    @Test
    void issuerAndAudienceChecks() {
        sts.registerProvider(PROVIDER, idp.publicKey(), "https://idp.example.org/other");
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        assertError(rejected(saml, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_ISSUER);

        sts.registerProvider(PROVIDER, idp.publicKey(), "https://idp.keyport.test/saml/metadata");
        assertEquals(1, assumeCount(saml));

        String wrongAudience = idp.response().rolePair(ROLE, PROVIDER).audience("https://app.example.org/saml").build().base64();
        assertError(rejected(wrongAudience, ROLE, PROVIDER, null), 400, "InvalidIdentityToken", StsEmulator.MSG_AUDIENCE);

        String azureSuffix = idp.azure().rolePair(ROLE, PROVIDER).audience("https://signin.aws.amazon.com/saml#2")
                .issuer("https://idp.keyport.test/saml/metadata").build().base64();
        assertEquals(2, assumeCount(azureSuffix));
    }

    @Test
    void injectedFailuresComeFirstAndInOrder() {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        sts.failNext(403, "RegionDisabledException", "STS is not activated in this region for account:123456789012.")
                .failNext(403, "IDPRejectedClaim", "The identity provider rejected the claim.");

        assertError(rejected(saml, ROLE, PROVIDER, null), 403, "RegionDisabledException",
                "STS is not activated in this region for account:123456789012.");
        assertError(rejected(saml, ROLE, PROVIDER, null), 403, "IDPRejectedClaim", "The identity provider rejected the claim.");
        assertEquals(1, assumeCount(saml));
        assertEquals(3, sts.requests().size());
    }
}
