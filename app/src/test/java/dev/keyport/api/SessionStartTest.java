package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import dev.keyport.writer.IniDocument;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting sessions from a supplied assertion, against the STS emulator, and what lands in the AWS files. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class SessionStartTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();
    private final StsEmulator sts = env.sts();

    @BeforeEach
    void resetFiles() throws IOException {
        Files.writeString(env.credentialsFile(), KeyportTestEnvironment.FOREIGN_CREDENTIALS);
        Files.writeString(env.configFile(), KeyportTestEnvironment.FOREIGN_CONFIG);
        sts.clearRecords();
    }

    @AfterEach
    void deleteSessions() {
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    private static Map<String, String> section(Path file, String name) throws IOException {
        return IniDocument.parse(Files.readString(file)).findSection(name).map(IniDocument.Section::properties)
                .orElse(Map.of());
    }

    @Test
    void startDeliversTheProfileAndStopRemovesIt() throws IOException {
        Api.create("deliver", "deliver");
        String saml = env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN);

        JsonPath started = Api.given().body(Api.start(saml)).post("/api/v1/sessions/deliver/start").then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("expiresAt", notNullValue())
                .body("grantedDurationSeconds", equalTo(3600))
                .extract().jsonPath();

        StsEmulator.IssuedCredentials issued = lastIssued();
        Map<String, String> profile = section(env.credentialsFile(), "deliver");
        assertEquals(issued.accessKeyId(), profile.get("aws_access_key_id"));
        assertEquals(issued.secretAccessKey(), profile.get("aws_secret_access_key"));
        assertEquals(issued.sessionToken(), profile.get("aws_session_token"));
        assertEquals(Instant.parse(started.getString("expiresAt")).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(profile.get("x_security_token_expires")));
        assertEquals("eu-west-1", section(env.configFile(), "profile deliver").get("region"));
        assertTrue(Files.readString(env.credentialsFile()).startsWith(KeyportTestEnvironment.FOREIGN_CREDENTIALS));
        assertTrue(Files.readString(env.configFile()).startsWith(KeyportTestEnvironment.FOREIGN_CONFIG));

        Api.given().get("/api/v1/sessions/deliver/credentials").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("Version", equalTo(1))
                .body("AccessKeyId", equalTo(issued.accessKeyId()))
                .body("SecretAccessKey", equalTo(issued.secretAccessKey()))
                .body("SessionToken", equalTo(issued.sessionToken()))
                .body("Expiration", notNullValue());

        StsEmulator.ReceivedRequest request = sts.requests().get(0);
        assertEquals(saml, request.samlAssertion(), "the SAMLResponse must reach STS untouched");
        assertEquals(KeyportTestEnvironment.ROLE_ARN, request.roleArn());
        assertEquals(KeyportTestEnvironment.PROVIDER_ARN, request.principalArn());

        // Where tools find the credentials, as the delivery channels describe it.
        Api.given().get("/api/v1/sessions/deliver").then().statusCode(200)
                .body("deliveredTo", equalTo(List.of("profile [deliver] in " + env.credentialsFile())));

        Api.given().post("/api/v1/sessions/deliver/stop").then().statusCode(200).body("status", equalTo("INACTIVE"))
                .body("deliveredTo", equalTo(List.of()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        Api.given().get("/api/v1/sessions/deliver/credentials").then().statusCode(409);
    }

    @Test
    void lineWrappedAssertionIsAcceptedAndPassedOnAsReceived() {
        Api.create("wrapped", "wrapped");
        String saml = env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < saml.length(); i += 76) {
            wrapped.append(saml, i, Math.min(saml.length(), i + 76)).append("\r\n");
        }
        Api.given().body(Api.start(wrapped.toString())).post("/api/v1/sessions/wrapped/start").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(wrapped.toString(), sts.requests().get(0).samlAssertion());
    }

    @Test
    void roleMissingFromTheAssertionIsRefusedBeforeStsWithThePairsOnOffer() {
        Api.create("missing-role", "missing-role");
        String saml = env.samlResponseFor("arn:aws:iam::123456789012:role/SomethingElse");
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/missing-role/start").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", allOf(containsString(KeyportTestEnvironment.ROLE_ARN),
                        containsString("arn:aws:iam::123456789012:role/SomethingElse")));
        assertEquals(0, sts.requests().size(), "STS must not be called");
        Api.given().get("/api/v1/sessions/missing-role").then()
                .body("status", equalTo("FAILED")).body("lastError", containsString("SomethingElse"));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, readCredentials());
    }

    @Test
    void oneLoginUserWithoutAnAwsRoleIsToldSoBeforeSts() {
        Map<String, Object> session = Api.session("no-role", "no-role");
        session.put("samlUrl", "https://acme.onelogin.com/trust/saml2/launch/123456");
        Api.given().body(session).post("/api/v1/sessions").then().statusCode(201).body("providerId", equalTo("onelogin"));
        String saml = env.saml().onelogin().build().base64(); // no role added: OneLogin's "Default" only
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/no-role/start").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", allOf(containsString("OneLogin sent its placeholder for a user without an AWS role"),
                        containsString("administrator")));
        assertEquals(0, sts.requests().size(), "STS must not be called");
    }

    @Test
    void expiredAssertionIsRefusedBeforeSts() {
        Api.create("expired", "expired");
        String saml = env.saml().google().rolePair(KeyportTestEnvironment.ROLE_ARN, KeyportTestEnvironment.PROVIDER_ARN)
                .issueInstant(Instant.now().minus(Duration.ofMinutes(30))).validity(Duration.ofMinutes(5))
                .build().base64();
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/expired/start").then()
                .statusCode(422).body("detail", containsString("expired"));
        assertEquals(0, sts.requests().size());
    }

    @Test
    void garbageAssertionIsRefusedWithAReasonAndNoSecretEcho() {
        Api.create("garbage", "garbage");
        Api.given().body(Api.start("not*base64!secret-ish")).post("/api/v1/sessions/garbage/start").then()
                .statusCode(400).body("detail", allOf(containsString("base64"),
                        org.hamcrest.Matchers.not(containsString("secret-ish"))));
    }

    @Test
    void tooLongDurationIsRetriedOnceAtOneHourAndRecorded() {
        Map<String, Object> body = Api.session("long", "long");
        body.put("durationSeconds", 7200);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/long/start").then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("grantedDurationSeconds", equalTo(3600))
                .body("warnings", hasItem(equalTo("STS refused 7200 s, more than the MaxSessionDuration of "
                        + KeyportTestEnvironment.ROLE_ARN + ", so Keyport used 3600 s. The 7200 s came from the"
                        + " session's durationSeconds. Lower the session's durationSeconds to the role's maximum or"
                        + " less, or raise the role's maximum session duration in IAM.")));
        assertEquals(List.of(7200, 3600), sts.requests().stream().map(StsEmulator.ReceivedRequest::durationSeconds).toList());
    }

    @Test
    void assertionSessionDurationIsUsedWhenTheRoleAllowsIt() {
        String role = "arn:aws:iam::123456789012:role/LongLived";
        sts.maxSessionDuration(role, 28800);
        Map<String, Object> body = Api.session("from-assertion", "from-assertion");
        body.put("roleArn", role);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        String saml = env.saml().google().rolePair(role, KeyportTestEnvironment.PROVIDER_ARN).sessionDuration(28800)
                .build().base64();
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/from-assertion/start").then()
                .statusCode(200).body("grantedDurationSeconds", equalTo(28800));
        assertEquals(28800, sts.requests().get(0).durationSeconds());
    }

    @Test
    void stsRefusalsBecomeAdvice() {
        Api.create("denied", "denied");
        sts.failNext(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/denied/start").then()
                .statusCode(422).body("detail", allOf(containsString("trust policy"), containsString("AccessDenied")));
        assertEquals(1, sts.requests().size(), "a configuration error is never retried");
        Api.given().get("/api/v1/sessions/denied").then().body("status", equalTo("FAILED"));

        sts.failNext(403, "RegionDisabledException", "STS is not activated in this region");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/denied/start").then()
                .statusCode(422).body("detail", containsString("not activated in region eu-west-1"));

        sts.failNext(400, "InvalidIdentityToken", "Response signature invalid");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/denied/start").then()
                .statusCode(422).body("detail", containsString("metadata"));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, readCredentials());
    }

    @Test
    void untrustedProviderIsReportedFromSts() {
        String provider = "arn:aws:iam::123456789012:saml-provider/NotInIam";
        Map<String, Object> body = Api.session("no-provider", "no-provider");
        body.put("idpArn", provider);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        String saml = env.saml().google().rolePair(KeyportTestEnvironment.ROLE_ARN, provider).build().base64();
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/no-provider/start").then()
                .statusCode(422).body("detail", allOf(containsString("does not exist"), containsString(provider)));
    }

    @Test
    void foreignProfileIsNeverReplacedUnlessAskedAndThenBackedUp() throws IOException {
        Api.create("mine", "personal");
        String saml = env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/mine/start").then()
                .statusCode(409).body("detail", allOf(containsString("[personal]"),
                        containsString(env.credentialsFile().toString())));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, readCredentials());
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
        Api.given().get("/api/v1/sessions/mine").then().body("status", equalTo("FAILED"));
        Api.given().get("/api/v1/sessions/mine/credentials").then().statusCode(409);

        Map<String, Object> replace = Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        replace.put("replaceProfile", true);
        Api.given().body(replace).post("/api/v1/sessions/mine/start").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        assertEquals(lastIssuedKey(), section(env.credentialsFile(), "personal").get("aws_access_key_id"));
        try (Stream<Path> files = Files.list(env.credentialsFile().getParent())) {
            List<Path> backups = files.filter(p -> p.getFileName().toString().startsWith("credentials.keyport-backup-")).toList();
            assertEquals(1, backups.size(), "one backup of the credentials file");
            assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(backups.get(0)));
            for (Path backup : backups) {
                Files.delete(backup);
            }
        }
        try (Stream<Path> files = Files.list(env.configFile().getParent())) {
            files.filter(p -> p.getFileName().toString().startsWith("config.keyport-backup-")).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void startingOneSessionOfASharedProfileStopsTheOther() throws IOException {
        Api.create("share-first", "team");
        String otherRole = "arn:aws:iam::123456789012:role/ReadOnly";
        Map<String, Object> second = Api.session("share-second", "team");
        second.put("roleArn", otherRole);
        Api.given().body(second).post("/api/v1/sessions").then().statusCode(201);

        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/share-first/start").then().statusCode(200);
        Api.given().body(Api.start(env.samlResponseFor(otherRole)))
                .post("/api/v1/sessions/share-second/start").then().statusCode(200);

        Api.given().get("/api/v1/sessions/share-first").then().body("status", equalTo("INACTIVE"));
        Api.given().get("/api/v1/sessions/share-second").then().body("status", equalTo("ACTIVE"));
        String secondKey = lastIssuedKey();
        assertEquals(secondKey, section(env.credentialsFile(), "team").get("aws_access_key_id"));

        // Deleting the stopped session must not take the active one's profile with it.
        Api.given().delete("/api/v1/sessions/share-first").then().statusCode(204);
        assertEquals(secondKey, section(env.credentialsFile(), "team").get("aws_access_key_id"));
    }

    @Test
    void deliveryFieldsOfAnActiveSessionCannotChange() {
        Api.create("locked", "locked");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/locked/start").then().statusCode(200);
        Api.given().body(Api.session("locked", "locked-elsewhere")).put("/api/v1/sessions/locked").then()
                .statusCode(409).body("detail", containsString("stop it"));
        Map<String, Object> renamed = Api.session("locked-renamed", "locked");
        Api.given().body(renamed).put("/api/v1/sessions/locked").then().statusCode(200)
                .body("alias", equalTo("locked-renamed")).body("status", equalTo("ACTIVE"));
    }

    @Test
    void deletingAnActiveSessionWithdrawsItsProfile() throws IOException {
        Api.create("doomed", "doomed");
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/doomed/start").then().statusCode(200);
        assertFalse(section(env.credentialsFile(), "doomed").isEmpty());
        Api.given().delete("/api/v1/sessions/doomed").then().statusCode(204);
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, readCredentials());
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));
    }

    @Test
    void stoppingAFailedSessionClearsItsError() {
        Api.create("retry", "retry");
        Api.given().body(Api.start(env.samlResponseFor("arn:aws:iam::123456789012:role/Other")))
                .post("/api/v1/sessions/retry/start").then().statusCode(400);
        Api.given().post("/api/v1/sessions/retry/stop").then().statusCode(200)
                .body("status", equalTo("INACTIVE")).body("lastError", nullValue());
    }

    private StsEmulator.IssuedCredentials lastIssued() {
        List<StsEmulator.IssuedCredentials> issued = sts.issuedCredentials();
        return issued.get(issued.size() - 1);
    }

    private String lastIssuedKey() {
        return lastIssued().accessKeyId();
    }

    private String readCredentials() {
        try {
            return Files.readString(env.credentialsFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
