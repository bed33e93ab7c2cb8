package dev.keyport.e2e;

import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real AWS CLI v2 (Debian's awscli at /usr/bin/aws) uses the profile Keyport wrote. The emulator verifies the
 * CLI's SigV4 signature, so a wrong secret or token in the profile fails the call.
 */
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class AwsCliEndToEndTest {
    static final Path AWS_CLI = Path.of("/usr/bin/aws");

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TempDir
    Path cliHome;

    @BeforeAll
    static void requireAwsCli() {
        if (!Files.isExecutable(AWS_CLI)) {
            fail("The AWS CLI v2 is required at " + AWS_CLI + " for the end-to-end tests: apt-get install awscli");
        }
    }

    @AfterEach
    void cleanUp() {
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Result aws(Path credentialsFile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(AWS_CLI.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_"));
        environment.put("HOME", cliHome.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
        environment.put("AWS_CONFIG_FILE", env.configFile().toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        Path out = cliHome.resolve("out.txt");
        Path err = cliHome.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
    }

    @Test
    void awsCliReadsAndUsesTheProfileKeyportWrote() throws Exception {
        Api.create("cli", "keyport-cli");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/cli/start").then().statusCode(200);
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1);

        Result key = aws(env.credentialsFile(), "configure", "get", "aws_access_key_id", "--profile", "keyport-cli");
        assertEquals(0, key.exitCode(), key.stderr());
        assertEquals(issued.accessKeyId(), key.stdout());
        Result region = aws(env.credentialsFile(), "configure", "get", "region", "--profile", "keyport-cli");
        assertEquals("eu-west-1", region.stdout());

        Result identity = aws(env.credentialsFile(), "sts", "get-caller-identity", "--profile", "keyport-cli",
                "--endpoint-url", env.sts().endpoint().toString(), "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        JsonPath json = JsonPath.from(identity.stdout());
        assertEquals(KeyportTestEnvironment.ACCOUNT, json.getString("Account"));
        assertEquals(issued.assumedRoleArn(), json.getString("Arn"));
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

        Result identity = aws(tamperedFile, "sts", "get-caller-identity", "--profile", "keyport-cli-tampered",
                "--endpoint-url", env.sts().endpoint().toString());
        assertNotEquals(0, identity.exitCode());
        assertTrue(identity.stderr().contains("SignatureDoesNotMatch"), identity.stderr());
    }
}
