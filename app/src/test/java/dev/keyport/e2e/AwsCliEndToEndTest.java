package dev.keyport.e2e;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real AWS CLI v2 (Debian's awscli at /usr/bin/aws) uses the profile Keyport wrote. The emulator verifies the
 * CLI's SigV4 signature, so a wrong secret or token in the profile fails the call.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class AwsCliEndToEndTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TempDir
    Path cliHome;

    @BeforeAll
    static void requireAwsCli() {
        AwsCli.require();
    }

    @AfterEach
    void cleanUp() {
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    private AwsCli.Result aws(Path credentialsFile, String... args) throws Exception {
        return AwsCli.run(cliHome, credentialsFile, env.configFile(), args);
    }

    @Test
    void awsCliReadsAndUsesTheProfileKeyportWrote() throws Exception {
        Api.create("cli", "keyport-cli");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/cli/start").then().statusCode(200);
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1);

        AwsCli.Result key = aws(env.credentialsFile(), "configure", "get", "aws_access_key_id", "--profile", "keyport-cli");
        assertEquals(0, key.exitCode(), key.stderr());
        assertEquals(issued.accessKeyId(), key.stdout());
        AwsCli.Result region = aws(env.credentialsFile(), "configure", "get", "region", "--profile", "keyport-cli");
        assertEquals("eu-west-1", region.stdout());

        AwsCli.Result identity = aws(env.credentialsFile(), "sts", "get-caller-identity", "--profile", "keyport-cli",
                "--endpoint-url", env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        JsonPath json = JsonPath.from(identity.stdout());
        assertEquals(KeyportTestEnvironment.ACCOUNT, json.getString("Account"));
        assertEquals(issued.identityArn(), json.getString("Arn"));
        assertTrue(json.getString("Arn").contains(":assumed-role/KeyportTester/"), json.getString("Arn"));
    }

    @Test
    void aProfileWithAWrongSecretIsRejectedByTheEmulator() throws Exception {
        Api.create("cli-tampered", "keyport-cli-tampered");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/cli-tampered/start").then().statusCode(200);
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1);

        String original = Files.readString(env.credentialsFile(), StandardCharsets.UTF_8);
        String tampered = original.replace(issued.secretAccessKey(), "x" + issued.secretAccessKey().substring(1));
        assertNotEquals(original, tampered);
        Path tamperedFile = cliHome.resolve("credentials-tampered");
        Files.writeString(tamperedFile, tampered);

        AwsCli.Result identity = aws(tamperedFile, "sts", "get-caller-identity", "--profile", "keyport-cli-tampered",
                "--endpoint-url", env.sts().endpoint().toString());
        assertNotEquals(0, identity.exitCode());
        assertTrue(identity.stderr().contains("SignatureDoesNotMatch"), identity.stderr());
    }
}
