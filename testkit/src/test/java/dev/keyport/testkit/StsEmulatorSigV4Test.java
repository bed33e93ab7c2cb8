package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.ACCOUNT;
import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
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

/**
 * Calls signed with issued credentials (GetCallerIdentity): SigV4 checked as AWS does, the body included.
 */
class StsEmulatorSigV4Test extends StsEmulatorFixture {

    // --- GetCallerIdentity ---------------------------------------------------------------------------------------

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
}
