package dev.keyport.session;

import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The credentials a person believes withdrawn are withdrawn: a failed start never leaves live keys the session no
 * longer answers for, and a stop takes back everything Keyport delivered, in every state and on every channel.
 */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class StopWithdrawsEverythingTest {
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/SomethingElse";

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @Inject
    SessionKeeper keeper;

    @Inject
    SessionCatalogue sessions;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    SessionStarter starter;

    @TempDir
    Path cliHome;

    private AwsCli.Result callerIdentity(String profile) throws Exception {
        return AwsCli.run(cliHome, env.credentialsFile(), env.configFile(), "sts", "get-caller-identity",
                "--profile", profile, "--endpoint-url", env.sts().endpoint().toString(), "--output", "json");
    }

    @Test
    void aFailedRestartKeepsTheSessionActiveOnItsCredentialsAndStopThenWithdrawsThem() throws Exception {
        Api.started("restart-fails");
        String before = Files.readString(env.credentialsFile());
        StsEmulator.IssuedCredentials live = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        assertEquals(0, callerIdentity("restart-fails").exitCode());

        // The reported case: start again with an assertion for another role.
        String otherRole = env.saml().google().rolePair(OTHER_ROLE, KeyportTestEnvironment.PROVIDER_ARN).build()
                .base64();
        Api.given().body(Api.start(otherRole)).post("/api/v1/sessions/restart-fails/start").then().statusCode(400);
        JsonPath after = Api.given().get("/api/v1/sessions/restart-fails").then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("lastError", containsString("Starting again failed; the current credentials stay valid until"))
                .extract().jsonPath();
        assertEquals(before, Files.readString(env.credentialsFile()), "the live keys stay where they were");
        Api.given().get("/api/v1/sessions/restart-fails/credentials").then().statusCode(200)
                .body("AccessKeyId", equalTo(live.accessKeyId()));
        assertNotEquals(null, after.getString("expiresAt"));

        JsonPath stopped = Api.given().post("/api/v1/sessions/restart-fails/stop").then().statusCode(200)
                .body("status", equalTo("INACTIVE")).extract().jsonPath();
        List<String> withdrawn = stopped.getList("withdrawn");
        assertTrue(withdrawn.contains("removed [restart-fails] from " + env.credentialsFile()), withdrawn.toString());
        assertTrue(withdrawn.contains("removed [profile restart-fails] from " + env.configFile()), withdrawn.toString());
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        AwsCli.Result gone = callerIdentity("restart-fails");
        assertNotEquals(0, gone.exitCode(), "the AWS CLI can no longer use them: " + gone.stdout());
    }

    @Test
    void aFailedFirstStartIsFailedAndItsStopSaysNothingWasDelivered() {
        Api.create("never-started", "never-started");
        Api.given().body(Api.start("bm90IHhtbA==")).post("/api/v1/sessions/never-started/start").then()
                .statusCode(400);
        Api.given().get("/api/v1/sessions/never-started").then().body("status", equalTo("FAILED"));
        JsonPath stopped = Api.given().post("/api/v1/sessions/never-started/stop").then().statusCode(200)
                .body("status", equalTo("INACTIVE")).extract().jsonPath();
        assertEquals(List.of(), stopped.getList("withdrawn"));
    }

    @Test
    void stopWithdrawsWhatARunLeftBehindWhateverTheState() throws Exception {
        // FAILED and EXPIRED sessions whose sections a crashed run left in the files.
        String failed = Api.create("left-failed", "left-failed");
        Api.given().body(Api.start("bm90IHhtbA==")).post("/api/v1/sessions/left-failed/start").then().statusCode(400);
        String expired = Api.started("left-expired");
        SessionState state = sessions.find(expired).state();
        keeper.check(state.expiresAt()).join();
        Api.given().get("/api/v1/sessions/left-expired").then().body("status", equalTo("EXPIRED"));
        String leftover = "\n[left-failed]\naws_access_key_id = ASIALEFTOVER0001\naws_secret_access_key = s\n"
                + "aws_session_token = t\nx_keyport_managed = " + failed + "\n"
                + "\n[left-expired]\naws_access_key_id = ASIALEFTOVER0002\naws_secret_access_key = s\n"
                + "aws_session_token = t\nx_keyport_managed = " + expired + "\n";
        Files.writeString(env.credentialsFile(), KeyportTestEnvironment.FOREIGN_CREDENTIALS + leftover);

        for (String alias : List.of("left-failed", "left-expired")) {
            Api.given().post("/api/v1/sessions/" + alias + "/stop").then().statusCode(200)
                    .body("status", equalTo("INACTIVE"))
                    .body("withdrawn[0]", equalTo("removed [" + alias + "] from " + env.credentialsFile()));
        }
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
    }

    @Test
    void stoppingAParentStopsItsChainedSessions() throws IOException {
        Api.started("chain-root");
        Api.given().body(Api.chained("chain-leaf", "chain-root", ChainedSessionTest.DEPLOYER)).post("/api/v1/sessions")
                .then().statusCode(201);
        Api.given().post("/api/v1/sessions/chain-leaf/start").then().statusCode(200);
        assertTrue(Files.readString(env.credentialsFile()).contains("[chain-leaf]"));

        JsonPath stopped = Api.given().post("/api/v1/sessions/chain-root/stop").then().statusCode(200).extract()
                .jsonPath();
        List<String> withdrawn = stopped.getList("withdrawn");
        assertTrue(withdrawn.get(0).startsWith("stopped chained session 'chain-leaf' (removed [chain-leaf] from "
                + env.credentialsFile()), withdrawn.toString());
        Api.given().get("/api/v1/sessions/chain-leaf").then().body("status", equalTo("INACTIVE"));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
    }

    @Test
    void stoppingACredentialProcessSessionRemovesItsCommandAndForgetsItsCredentials() throws IOException {
        Map<String, Object> body = Api.session("by-process", "by-process");
        body.put("delivery", "CREDENTIAL_PROCESS");
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/by-process/start").then().statusCode(200);
        assertTrue(Files.readString(env.configFile()).contains("credential_process"));
        JsonPath stopped = Api.given().post("/api/v1/sessions/by-process/stop").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("removed [profile by-process] from " + env.configFile(),
                "forgot the credentials credential_process was answering with"), stopped.getList("withdrawn"));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        Api.given().get("/api/v1/sessions/by-process/credentials").then().statusCode(409);
    }

    @Test
    void aReplacedProfileGivesTheUsersSectionBackOnStopAndSaysSo() throws IOException {
        Api.create("takes-personal", "personal");
        Map<String, Object> start = Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        start.put("replaceProfile", true);
        Api.given().body(start).post("/api/v1/sessions/takes-personal/start").then().statusCode(200);
        assertFalse(Files.readString(env.credentialsFile()).contains("AKIAEXAMPLEPERSONAL"));

        List<String> withdrawn = Api.given().post("/api/v1/sessions/takes-personal/stop").then().statusCode(200)
                .extract().jsonPath().getList("withdrawn");
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()),
                "the user's own [personal] is back, byte for byte");
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        assertTrue(withdrawn.stream().anyMatch(l -> l.startsWith("put back your own [personal] in "
                + env.credentialsFile() + " (from the backup credentials.keyport-backup-")), withdrawn.toString());
    }
}
