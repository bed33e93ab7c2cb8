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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsEmulatorTest {

    private static SamlResponseFactory idp;
    private StsEmulator sts;
    private StsClient client;
    private Instant t0;

    @BeforeAll
    static void idp() {
        idp = new SamlResponseFactory();
    }

    @BeforeEach
    void start() {
        sts = new StsEmulator();
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sts.clock(Clock.fixed(t0, ZoneOffset.UTC));
        sts.registerProvider(PROVIDER, idp.publicKey());
        client = Testkit.anonymous(sts.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        sts.close();
        assertEquals(List.of(), sts.internalErrors(), "the emulator itself failed");
    }

    private AssumeRoleWithSamlResponse assume(String saml, String role, String provider, Integer duration) {
        return client.assumeRoleWithSAML(r -> r.roleArn(role).principalArn(provider).samlAssertion(saml)
                .durationSeconds(duration));
    }

    private StsException rejected(String saml, String role, String provider, Integer duration) {
        return assertThrows(StsException.class, () -> assume(saml, role, provider, duration));
    }

    private static void assertError(StsException e, int status, String code, String message) {
        assertEquals(code, e.awsErrorDetails().errorCode(), e::toString);
        assertEquals(status, e.statusCode(), e::toString);
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
    }

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

    // --- GetCallerIdentity ---------------------------------------------------------------------------------------

    private AssumeRoleWithSamlResponse issue() {
        return assume(idp.response().rolePair(ROLE, PROVIDER).roleSessionName("bob").build().base64(), ROLE, PROVIDER, null);
    }

    @Test
    void getCallerIdentityWithIssuedCredentials() {
        useRealClock();
        AssumeRoleWithSamlResponse creds = issue();
        try (StsClient signed = Testkit.withCredentials(sts.endpoint(), creds)) {
            GetCallerIdentityResponse id = signed.getCallerIdentity();
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/bob", id.arn());
            assertEquals(creds.assumedRoleUser().assumedRoleId(), id.userId());
            assertEquals(ACCOUNT, id.account());
        }
        StsEmulator.ReceivedRequest q = sts.requests().get(1);
        assertEquals("GetCallerIdentity", q.action());
        assertEquals(200, q.httpStatus());
        assertTrue(q.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=" + creds.credentials().accessKeyId() + "/"));
        assertEquals(creds.credentials().sessionToken(), q.header("X-Amz-Security-Token"));
        assertFalse(q.toString().contains(creds.credentials().sessionToken()));
    }

    private void useRealClock() {
        sts.clock(Clock.systemUTC()); // the SDK signs with the real time
    }

    @Test
    void getCallerIdentityWithWrongSecretTokenOrKey() {
        useRealClock();
        AssumeRoleWithSamlResponse c = issue();
        String akid = c.credentials().accessKeyId();
        String secret = c.credentials().secretAccessKey();
        String token = c.credentials().sessionToken();
        String wrongSecret = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);

        assertError(callerIdentityFails(akid, wrongSecret, token), 403, "SignatureDoesNotMatch", StsEmulator.MSG_SIGNATURE_MISMATCH);
        assertError(callerIdentityFails(akid, secret, token + "x"), 403, "InvalidClientTokenId", StsEmulator.MSG_INVALID_TOKEN_ID);
        assertError(callerIdentityFails("ASIAAAAAAAAAAAAAAAAA", secret, token), 403, "InvalidClientTokenId",
                StsEmulator.MSG_INVALID_TOKEN_ID);
    }

    private StsException callerIdentityFails(String akid, String secret, String token) {
        try (StsClient signed = Testkit.withCredentials(sts.endpoint(), akid, secret, token)) {
            return assertThrows(StsException.class, signed::getCallerIdentity);
        }
    }

    @Test
    void getCallerIdentityOutsideTheFifteenMinuteWindowOrAfterExpiration() {
        useRealClock();
        AssumeRoleWithSamlResponse c = issue();
        Instant real = Instant.now();
        sts.clock(Clock.fixed(real.plus(Duration.ofMinutes(20)), ZoneOffset.UTC));
        StsException skew = callerIdentityFails(c.credentials().accessKeyId(), c.credentials().secretAccessKey(),
                c.credentials().sessionToken());
        assertError(skew, 403, "SignatureDoesNotMatch", null);
        assertTrue(skew.awsErrorDetails().errorMessage().startsWith("Signature expired: "), skew.awsErrorDetails().errorMessage());

        useRealClock();
        AssumeRoleWithSamlResponse shortLived = assume(idp.response().rolePair(ROLE, PROVIDER)
                .sessionNotOnOrAfter(real.plusSeconds(60)).build().base64(), ROLE, PROVIDER, null);
        sts.clock(Clock.fixed(real.plusSeconds(120), ZoneOffset.UTC));
        assertError(callerIdentityFails(shortLived.credentials().accessKeyId(), shortLived.credentials().secretAccessKey(),
                shortLived.credentials().sessionToken()), 403, "ExpiredToken", StsEmulator.MSG_TOKEN_EXPIRED);
    }

    @Test
    void sigV4CoversTheBody() throws Exception {
        useRealClock();
        AssumeRoleWithSamlResponse c = issue();
        String body = "Action=GetCallerIdentity&Version=2011-06-15";
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(sts.endpoint().resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(c.credentials().accessKeyId(),
                        c.credentials().secretAccessKey(), c.credentials().sessionToken()))
                .request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));

        HttpResponse<String> ok = post(signed.request().headers(), body);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("<Arn>arn:aws:sts::123456789012:assumed-role/KeyportDev/bob</Arn>"), ok.body());

        // this signer declares the payload hash in X-Amz-Content-Sha256: a different body no longer matches it
        assertTrue(signed.request().firstMatchingHeader("x-amz-content-sha256").isPresent());
        HttpResponse<String> altered = post(signed.request().headers(), body + "&Extra=1");
        assertEquals(400, altered.statusCode(), altered.body());
        assertEquals("XAmzContentSHA256Mismatch", errorCode(altered.body()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sdkRequestWithBodyAndHashSwappedAfterSigningIsSignatureDoesNotMatch() {
        useRealClock();
        AssumeRoleWithSamlResponse c = issue();
        SdkHttpClient real = UrlConnectionHttpClient.create();
        String otherBody = "Action=GetCallerIdentity&Version=2011-06-16"; // same length, other bytes
        SdkHttpClient swapping = new SdkHttpClient() { // body and its declared hash replaced after signing
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                assertTrue(request.httpRequest().firstMatchingHeader("x-amz-content-sha256").isPresent());
                String hash = HexFormat.of().formatHex(sha256(otherBody));
                return real.prepareRequest(HttpExecuteRequest.builder()
                        .request(request.httpRequest().toBuilder().putHeader("x-amz-content-sha256", hash).build())
                        .contentStreamProvider(ContentStreamProvider.fromUtf8String(otherBody)).build());
            }

            @Override
            public void close() {
                real.close();
            }
        };
        try (StsClient signed = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        c.credentials().accessKeyId(), c.credentials().secretAccessKey(), c.credentials().sessionToken())))
                .httpClient(swapping).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertError(assertThrows(StsException.class, signed::getCallerIdentity), 403, "SignatureDoesNotMatch",
                    StsEmulator.MSG_SIGNATURE_MISMATCH);
        }
        assertEquals("2011-06-16", sts.requests().get(1).parameters().get("Version"));
    }

    private HttpResponse<String> post(Map<String, List<String>> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sts.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
        headers.forEach((k, v) -> {
            if (!restricted.contains(k.toLowerCase())) {
                v.forEach(value -> b.header(k, value));
            }
        });
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- wire format ---------------------------------------------------------------------------------------------

    private static Document xml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String errorCode(String body) throws Exception {
        Document d = xml(body);
        assertEquals("ErrorResponse", d.getDocumentElement().getLocalName());
        assertEquals(StsEmulator.STS_NS, d.getDocumentElement().getNamespaceURI());
        return d.getElementsByTagNameNS(StsEmulator.STS_NS, "Code").item(0).getTextContent();
    }

    private HttpResponse<String> form(String body, String contentType) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(sts.endpoint().resolve("/"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void rawAssumeRoleWithSamlResponseHasTheAwsShape() throws Exception {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        HttpResponse<String> r = form("Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=" + enc(ROLE)
                + "&PrincipalArn=" + enc(PROVIDER) + "&SAMLAssertion=" + enc(saml) + "&DurationSeconds=1800",
                "application/x-www-form-urlencoded; charset=utf-8");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/xml", r.headers().firstValue("Content-Type").orElse(null));
        Document d = xml(r.body());
        Element root = d.getDocumentElement();
        assertEquals("AssumeRoleWithSAMLResponse", root.getLocalName());
        assertEquals(StsEmulator.STS_NS, root.getNamespaceURI());
        String ns = StsEmulator.STS_NS;
        Element result = (Element) root.getElementsByTagNameNS(ns, "AssumeRoleWithSAMLResult").item(0);
        for (String child : List.of("Audience", "AssumedRoleUser", "Credentials", "Issuer", "NameQualifier", "Subject", "SubjectType")) {
            assertEquals(1, result.getElementsByTagNameNS(ns, child).getLength(), child);
        }
        String expiration = d.getElementsByTagNameNS(ns, "Expiration").item(0).getTextContent();
        assertEquals(t0.plusSeconds(1800).toString(), expiration);
        assertTrue(expiration.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), expiration);
        String requestId = d.getElementsByTagNameNS(ns, "RequestId").item(0).getTextContent();
        assertTrue(requestId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), requestId);
        assertEquals(requestId, r.headers().firstValue("x-amzn-RequestId").orElse(null));
        assertEquals(saml, sts.requests().get(0).samlAssertion());
        assertEquals(1800, sts.requests().get(0).durationSeconds());
    }

    @Test
    void unknownActionUnsignedCallerIdentityAndOtherPaths() throws Exception {
        HttpResponse<String> r = form("Action=GetFederationToken&Version=2011-06-15", "application/x-www-form-urlencoded");
        assertEquals(400, r.statusCode());
        assertEquals("InvalidAction", errorCode(r.body()));

        HttpResponse<String> unsignedChain = form("Action=AssumeRole&Version=2011-06-15",
                "application/x-www-form-urlencoded");
        assertEquals(403, unsignedChain.statusCode(), "AssumeRole must be signed");
        assertEquals("MissingAuthenticationToken", errorCode(unsignedChain.body()));

        HttpResponse<String> anon = form("Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded");
        assertEquals(403, anon.statusCode());
        assertEquals("MissingAuthenticationToken", errorCode(anon.body()));

        HttpResponse<String> path = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sts.endpoint() + "/sts/x"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, path.statusCode());
        assertEquals(4, sts.requests().size());
    }
}
