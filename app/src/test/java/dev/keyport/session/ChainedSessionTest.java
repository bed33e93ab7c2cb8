package dev.keyport.session;

import dev.keyport.testing.FreshDaemonState;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testkit.AwsCli;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chained-role session: AssumeRole (SigV4-signed with the parent's credentials) against the STS emulator. */
@IntegrationTest
@QuarkusTest
@ExtendWith(FreshDaemonState.class)
@QuarkusTestResource(KeyportTestEnvironment.class)
class ChainedSessionTest {
    static final String DEPLOYER = "arn:aws:iam::210987654321:role/team/Deployer";

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TempDir
    Path cliHome;

    private static Map<String, Object> chained(String alias, String parent) {
        return Api.chained(alias, parent, DEPLOYER);
    }

    private String startedParent(String alias) {
        return Api.started(alias);
    }

    @Test
    void aChainedSessionAssumesItsRoleWithTheParentsCredentialsAndTheAwsCliUsesIt() throws Exception {
        String parentId = startedParent("chain-parent");
        StsEmulator.IssuedCredentials parentCredentials = env.sts().issuedCredentials()
                .get(env.sts().issuedCredentials().size() - 1);
        Api.given().body(chained("chain-child", "chain-parent")).post("/api/v1/sessions").then().statusCode(201)
                .body("parentSession", equalTo(parentId))
                .body("providerReason", equalTo("chained from session chain-parent"));

        Api.given().post("/api/v1/sessions/chain-child/start").then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("grantedDurationSeconds", equalTo(3600))
                .body("identityArn", containsString(":assumed-role/Deployer/"));
        StsEmulator.ReceivedRequest call = env.sts().requests().get(env.sts().requests().size() - 1);
        assertEquals("AssumeRole", call.action());
        assertEquals(DEPLOYER, call.roleArn());
        assertEquals(parentCredentials.roleSessionName(), call.parameters().get("RoleSessionName"),
                "the parent's session name carries on, so CloudTrail still names the person");
        assertTrue(call.headers().get("authorization").get(0).contains("Credential="
                + parentCredentials.accessKeyId() + "/"), "signed with the parent's credentials");

        AwsCli.Result identity = AwsCli.run(cliHome, env.credentialsFile(), env.configFile(), "sts",
                "get-caller-identity", "--profile", "chain-child", "--endpoint-url", env.sts().endpoint().toString(),
                "--output", "json");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertTrue(identity.stdout().contains("assumed-role/Deployer/" + parentCredentials.roleSessionName()),
                identity.stdout());

        String firstKey = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1).accessKeyId();
        Api.given().post("/api/v1/sessions/chain-child/rotate").then().statusCode(200);
        assertNotEquals(firstKey, env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1)
                .accessKeyId(), "a rotation assumes the role again");

        Api.given().delete("/api/v1/sessions/chain-parent").then().statusCode(409)
                .body("detail", containsString("chain-child"));
    }

    @Test
    void chainedSessionsAreValidatedForWhatRoleChainingAllows() {
        startedParent("chain-rules");
        Map<String, Object> tooLong = chained("chain-long", "chain-rules");
        tooLong.put("durationSeconds", 7200);
        Api.given().body(tooLong).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("AWS caps role chaining at one hour"));
        Api.given().body(chained("chain-orphan", "nobody")).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("parentSession 'nobody' is not a session"));
        Map<String, Object> withIdp = chained("chain-idp", "chain-rules");
        withIdp.put("idpArn", KeyportTestEnvironment.PROVIDER_ARN);
        Api.given().body(withIdp).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("belong to the parent session"));

        Api.given().body(chained("chain-ok", "chain-rules")).post("/api/v1/sessions").then().statusCode(201);
        Api.given().body(chained("chain-grandchild", "chain-ok")).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("itself a chained session"));
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/chain-ok/start").then().statusCode(400)
                .body("detail", containsString("takes no SAMLResponse"));
    }

    @Test
    void aRefusalByTheRolesTrustPolicyIsExplained() {
        startedParent("chain-denied-parent");
        Api.given().body(chained("chain-denied", "chain-denied-parent")).post("/api/v1/sessions").then().statusCode(201);
        env.sts().failNext(403, "AccessDenied", "User is not authorized to perform: sts:AssumeRole");
        Api.given().post("/api/v1/sessions/chain-denied/start").then().statusCode(422)
                .body("detail", containsString("trust policy must allow sts:AssumeRole"));
    }
}
