package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Defining sessions: create, read, replace, delete, and every way a definition can be wrong. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class SessionApiTest {

    @AfterEach
    void deleteSessions() {
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> Api.given().delete("/api/v1/sessions/" + id));
    }

    @Test
    void createReadListReplaceDelete() {
        String id = Api.given().body(Api.session("crud", "crud-profile")).post("/api/v1/sessions").then()
                .statusCode(201)
                .extract().path("id");
        Api.given().get("/api/v1/sessions/" + id).then().statusCode(200)
                .body("alias", equalTo("crud"))
                .body("profileName", equalTo("crud-profile"))
                .body("status", equalTo("INACTIVE"))
                .body("providerId", equalTo("gsuite"))
                .body("durationSeconds", nullValue());
        Api.given().get("/api/v1/sessions/CRUD").then().statusCode(200).body("id", equalTo(id));
        Api.given().get("/api/v1/sessions").then().statusCode(200).body("alias", hasItem("crud"));

        Map<String, Object> changed = Api.session("crud-renamed", "crud-profile-2");
        changed.put("durationSeconds", 7200);
        changed.put("providerId", "okta");
        Api.given().body(changed).put("/api/v1/sessions/crud").then().statusCode(200)
                .body("alias", equalTo("crud-renamed"))
                .body("profileName", equalTo("crud-profile-2"))
                .body("durationSeconds", equalTo(7200))
                .body("providerId", equalTo("okta"));

        Api.given().delete("/api/v1/sessions/crud-renamed").then().statusCode(204);
        Api.given().get("/api/v1/sessions/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(id));
    }

    @Test
    void locationPointsAtTheNewSession() {
        var response = Api.given().body(Api.session("located", "located")).post("/api/v1/sessions");
        String id = response.path("id");
        assertEquals(true, response.header("Location").endsWith("/api/v1/sessions/" + id));
    }

    @Test
    void everyProblemOfADefinitionIsNamedAtOnceAndNothingIsStored() {
        Map<String, Object> bad = Api.session("bad", "has space");
        bad.put("region", "eu-wst-1");
        bad.put("idpArn", "arn:aws:iam::123456789012:role/NotAProvider");
        bad.put("roleArn", "arn:aws:iam::12345:role/X");
        bad.put("samlUrl", "ftp://idp.example.com/saml");
        bad.put("durationSeconds", 60);
        Api.given().body(bad).post("/api/v1/sessions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", allOf(containsString("profileName"), containsString("eu-wst-1"),
                        containsString("idpArn"), containsString("roleArn"), containsString("samlUrl"),
                        containsString("durationSeconds")));
        Api.given().get("/api/v1/sessions").then().body("alias", not(hasItem("bad")));
    }

    @Test
    void swappedArnsAreRecognisedAsSuch() {
        Map<String, Object> swapped = Api.session("swapped", "swapped");
        swapped.put("idpArn", KeyportTestEnvironment.ROLE_ARN);
        swapped.put("roleArn", KeyportTestEnvironment.PROVIDER_ARN);
        // Asked once, not once per ARN.
        Api.given().body(swapped).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.matchesPattern("(?s)(?!.*swapped.*swapped).*swapped.*"));
    }

    @Test
    void arnsMustShareAccountAndPartitionAndRegionMustBeInIt() {
        Map<String, Object> otherAccount = Api.session("acct", "acct");
        otherAccount.put("roleArn", "arn:aws:iam::210987654321:role/Admin");
        Api.given().body(otherAccount).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("account"));

        Map<String, Object> gov = Api.session("gov", "gov");
        gov.put("idpArn", "arn:aws-us-gov:iam::123456789012:saml-provider/Gov");
        gov.put("roleArn", "arn:aws-us-gov:iam::123456789012:role/Gov");
        Api.given().body(gov).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("partition"));
        gov.put("region", "us-gov-west-1");
        Api.given().body(gov).post("/api/v1/sessions").then().statusCode(201);

        Map<String, Object> china = Api.session("cn", "cn");
        china.put("idpArn", "arn:aws-cn:iam::123456789012:saml-provider/Cn");
        china.put("roleArn", "arn:aws-cn:iam::123456789012:role/Cn");
        china.put("region", "cn-north-1");
        Api.given().body(china).post("/api/v1/sessions").then().statusCode(201);
    }

    @Test
    void aliasIsUniqueIgnoringCase() {
        Api.create("unique", "u1");
        Api.given().body(Api.session("UNIQUE", "u2")).post("/api/v1/sessions").then().statusCode(409)
                .body("detail", containsString("already exists"));
    }

    @Test
    void twoSessionsMayShareAProfile() {
        Api.create("share-a", "shared");
        Api.create("share-b", "shared");
    }

    @Test
    void unknownProviderIdIsRefusedWithTheKnownOnes() {
        Map<String, Object> body = Api.session("prov", "prov");
        body.put("providerId", "ping");
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", allOf(containsString("ping"), containsString("okta")));
    }

    @Test
    void theProviderIsChosenDetectedOrGenericAndTheSessionSaysWhy() {
        Map<String, Object> okta = Api.session("okta-url", "okta-url");
        okta.put("samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1abcd/272");
        Api.given().body(okta).post("/api/v1/sessions").then().statusCode(201)
                .body("providerId", equalTo("okta")).body("providerReason", containsString("detected"));

        Map<String, Object> generic = Api.session("generic-url", "generic-url");
        generic.put("samlUrl", "https://sso.example.com/adfs/ls/IdpInitiatedSignOn.aspx");
        Api.given().body(generic).post("/api/v1/sessions").then().statusCode(201)
                .body("providerId", equalTo("generic"))
                .body("providerReason", containsString("no provider recognises sso.example.com"));

        Map<String, Object> chosen = Api.session("chosen", "chosen");
        chosen.put("samlUrl", "https://sso.example.com/adfs/ls/IdpInitiatedSignOn.aspx");
        chosen.put("providerId", "azuread");
        Api.given().body(chosen).post("/api/v1/sessions").then().statusCode(201)
                .body("providerId", equalTo("azuread")).body("providerReason", equalTo("chosen in the session"));
    }

    @Test
    void aSessionCarriesItsOwnPatternsAndBadOnesAreExplained() {
        Map<String, Object> body = Api.session("own-patterns", "own-patterns");
        body.put("loginPagePatterns", List.of(" /sso/login-form ", ""));
        body.put("assertionConsumerPatterns", List.of("https://aws-proxy.example.com/saml*"));
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201)
                .body("loginPagePatterns", equalTo(List.of("/sso/login-form")))
                .body("assertionConsumerPatterns", equalTo(List.of("https://aws-proxy.example.com/saml*")));

        Map<String, Object> bad = Api.session("bad-patterns", "bad-patterns");
        bad.put("loginPagePatterns", List.of("/login[("));
        bad.put("assertionConsumerPatterns", List.of("aws-proxy.example.com"));
        Api.given().body(bad).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", allOf(containsString("'/login[(' is not a valid regular expression"),
                        containsString("'aws-proxy.example.com' must be a URL pattern")));
    }

    @Test
    void malformedJsonAndUnknownFieldsAreExplained() {
        Api.given().body("{\"alias\": ").post("/api/v1/sessions").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not valid JSON"));
        Map<String, Object> typo = Api.session("typo", "typo");
        typo.put("profile", "oops");
        Api.given().body(typo).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", allOf(containsString("'profile'"), containsString("profileName")));
        Map<String, Object> wrongType = Api.session("type", "type");
        wrongType.put("durationSeconds", "an hour");
        Api.given().body(wrongType).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("durationSeconds"));
        Api.given().post("/api/v1/sessions").then().statusCode(400);
    }

    @Test
    void unknownSessionIsNotFoundForEveryVerb() {
        Api.given().get("/api/v1/sessions/nope").then().statusCode(404);
        Api.given().body(Api.session("nope", "nope")).put("/api/v1/sessions/nope").then().statusCode(404);
        Api.given().delete("/api/v1/sessions/nope").then().statusCode(404);
        Api.given().post("/api/v1/sessions/nope/start").then().statusCode(404);
        Api.given().post("/api/v1/sessions/nope/stop").then().statusCode(404);
        Api.given().get("/api/v1/sessions/nope/credentials").then().statusCode(404);
    }

    @Test
    void startWithoutAnAssertionSignsInThroughTheBrowserAndSaysWhenTheIdpIsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> body = Api.session("unreachable-idp", "unreachable-idp");
        body.put("samlUrl", "http://127.0.0.1:" + closedPort + "/simplesaml/saml2/idp/SSOService.php");
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        Api.given().post("/api/v1/sessions/unreachable-idp/start").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", allOf(containsString("Could not open the IdP's sign-in page"),
                        containsString("ERR_CONNECTION_REFUSED")));
        Api.given().get("/api/v1/sessions/unreachable-idp").then().body("status", equalTo("FAILED"))
                .body("lastError", containsString("127.0.0.1:" + closedPort));
    }

    @Test
    void inactiveSessionHasNoCredentials() {
        Api.create("idle", "idle");
        Api.given().get("/api/v1/sessions/idle/credentials").then().statusCode(409)
                .body("detail", containsString("Start it first"));
    }

    @Test
    void sessionFileHoldsNoSecretAndIsPrivate() throws Exception {
        Api.create("stored", "stored");
        String stored = Files.readString(KeyportTestEnvironment.current().home().resolve("sessions.json"));
        assertFalse(stored.contains(KeyportTestEnvironment.current().apiToken()));
        assertEquals(true, stored.contains("\"schemaVersion\" : 2,"));
    }
}
