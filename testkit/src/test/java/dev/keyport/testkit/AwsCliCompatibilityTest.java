package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The emulator's SigV4 check against a real, independent signer: the Debian AWS CLI v2 at /usr/bin/aws. */
@IntegrationTest
class AwsCliCompatibilityTest {


    @TempDir
    Path tmp;
    private StsEmulator sts;
    private Credentials creds;

    @BeforeEach
    void issue() {
        SamlResponseFactory idp = new SamlResponseFactory();
        sts = new StsEmulator().registerProvider(PROVIDER, idp.publicKey());
        try (StsClient client = Testkit.anonymous(sts.endpoint())) {
            creds = client.assumeRoleWithSAML(r -> r.roleArn(ROLE).principalArn(PROVIDER)
                    .samlAssertion(idp.google().rolePair(ROLE, PROVIDER).roleSessionName("cli-user").build().base64()))
                    .credentials();
        }
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    /** The real CLI (AwsCli, as Keyport's end-to-end tests run it) against the emulator, with the given keys. */
    private AwsCli.Result getCallerIdentity(String akid, String secret, String token) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path credentials = tmp.resolve("credentials");
        Path config = tmp.resolve("config");
        Files.writeString(credentials, "[keyport-testkit]\naws_access_key_id = " + akid + "\naws_secret_access_key = "
                + secret + "\naws_session_token = " + token + "\n");
        Files.writeString(config, "[profile keyport-testkit]\nregion = us-east-1\noutput = json\n");
        return AwsCli.run(home, credentials, config, "sts", "get-caller-identity", "--endpoint-url",
                sts.endpoint().toString(), "--region", "us-east-1", "--profile", "keyport-testkit", "--output", "json",
                "--no-cli-pager");
    }

    @Test
    void awsCliGetCallerIdentityWithIssuedCredentials() throws Exception {
        AwsCli.Result r = getCallerIdentity(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken());

        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode id = new ObjectMapper().readTree(r.stdout());
        assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/cli-user", id.path("Arn").asText());
        assertEquals("123456789012", id.path("Account").asText());
        assertTrue(id.path("UserId").asText().matches("AROA[A-Z2-7]{17}:cli-user"), id.toString());
        StsEmulator.ReceivedRequest q = sts.requests().get(1);
        assertEquals("GetCallerIdentity", q.action());
        assertEquals(200, q.httpStatus());
        assertTrue(q.header("User-Agent").startsWith("aws-cli/2."), q.header("User-Agent"));
        // no X-Amz-Content-Sha256 from the CLI: the emulator hashed the body itself
        assertEquals(null, q.header("X-Amz-Content-Sha256"));
        assertTrue(q.header("Content-Type").startsWith("application/x-www-form-urlencoded"), q.header("Content-Type"));
    }

    @Test
    void awsCliWithWrongSecretGetsSignatureDoesNotMatch() throws Exception {
        String secret = creds.secretAccessKey();
        String wrong = (secret.charAt(secret.length() - 1) == 'a' ? secret.substring(0, secret.length() - 1) + "b"
                : secret.substring(0, secret.length() - 1) + "a");
        AwsCli.Result r = getCallerIdentity(creds.accessKeyId(), wrong, creds.sessionToken());

        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("SignatureDoesNotMatch"), r.stderr());
        assertEquals("SignatureDoesNotMatch", sts.requests().get(1).errorCode());
    }
}
