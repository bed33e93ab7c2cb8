package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control endpoint refuses everything but a local program holding the token. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class ApiAccessTest {

    @Test
    void requestWithoutTokenIsUnauthorized() {
        RestAssured.given().get("/api/v1/sessions").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:keyport:problem:unauthorized"))
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("detail", containsString("api-token"))
                // Which file holds the token is nobody's business but the user's.
                .body("detail", not(containsString(KeyportTestEnvironment.current().home().toString())))
                .body("detail", not(containsString("/")));
    }

    @Test
    void wrongTokenOrSchemeIsUnauthorized() {
        String token = KeyportTestEnvironment.current().apiToken();
        RestAssured.given().header("Authorization", "Bearer " + token.substring(1) + "x")
                .get("/api/v1/sessions").then().statusCode(401);
        RestAssured.given().header("Authorization", "Basic " + token)
                .get("/api/v1/sessions").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer")
                .get("/api/v1/sessions").then().statusCode(401);
    }

    @Test
    void tokenIsAcceptedWithEitherLoopbackHostName() {
        Api.given().get("/api/v1/sessions").then().statusCode(200);
        Api.given().header("Host", "localhost:" + RestAssured.port).get("/api/v1/sessions").then().statusCode(200);
    }

    @Test
    void foreignHostIsForbiddenEvenWithToken() {
        Api.given().header("Host", "attacker.example:" + RestAssured.port).get("/api/v1/sessions").then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("Host"))
                .body("type", equalTo("urn:keyport:problem:wrong-host"));
        Api.given().header("Host", "127.0.0.1:1").get("/api/v1/sessions").then().statusCode(403);
    }

    @Test
    void aBrowserFetchIsForbiddenEvenWithoutOrigin() {
        // Chromium and Firefox send Sec-Fetch-Site on every request; "none" is a URL the person typed in.
        Api.given().header("Sec-Fetch-Site", "cross-site").get("/api/v1/sessions").then().statusCode(403)
                .body("detail", containsString("web pages")).body("type", equalTo("urn:keyport:problem:web-origin"));
        Api.given().header("Sec-Fetch-Site", "same-origin").get("/api/v1/sessions").then().statusCode(403);
        Api.given().header("Sec-Fetch-Site", "none").get("/api/v1/sessions").then().statusCode(200);
    }

    @Test
    void anyOriginIsForbiddenAndNoCorsHeaderIsSent() {
        Api.given().header("Origin", "http://127.0.0.1:" + RestAssured.port).get("/api/v1/sessions").then()
                .statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        Api.given().header("Origin", "null").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/sessions").then()
                .statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theSignInRouteNeedsTheTokenAndAWellFormedUrl() {
        // It opens a browser at the URL it is given: nobody without the token may ask for that.
        RestAssured.given().contentType("application/json").body("{\"samlUrl\": \"https://idp.example.com/saml\"}")
                .post("/api/v1/assertions/sign-in").then().statusCode(401);
        Api.given().body("{\"samlUrl\": \"http://idp.example.com/saml\"}").post("/api/v1/assertions/sign-in").then()
                .statusCode(400).body("detail", containsString("samlUrl must use https://"));
        Api.given().body("{\"samlUrl\": \"https://alice:s3cret@idp.example.com/saml\"}")
                .post("/api/v1/assertions/sign-in").then().statusCode(400)
                .body("detail", containsString("must not carry a user name or password"))
                .body("detail", not(containsString("s3cret")));
        Api.given().body("{\"samlUrl\": \"file:///etc/passwd\"}").post("/api/v1/assertions/sign-in").then()
                .statusCode(400).body("detail", containsString("samlUrl must be an absolute https:// URL"));
    }

    @Test
    void healthNeedsTheTokenToo() {
        RestAssured.given().get("/q/health").then().statusCode(401);
        Api.given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theDoctorsDiagnosticsNeedTheTokenAndGiveTheDaemonsOwnView() {
        RestAssured.given().get("/api/v1/diagnostics").then().statusCode(401);
        Api.given().get("/api/v1/diagnostics").then().statusCode(200)
                .body("check", hasItems("sessions", "AWS credentials file", "AWS config file", "browser", "display",
                        "providers", "proxy", "clock"))
                .body("find { it.check == 'sessions' }.severity", equalTo("OK"))
                .body("find { it.check == 'browser' }.severity", equalTo("OK"))
                .body("find { it.check == 'browser' }.detail", containsString("Chromium"))
                // The test kit's STS emulator answers with a Date header, from this same clock.
                .body("find { it.check == 'clock' }.severity", equalTo("OK"))
                .body("find { it.check == 'clock' }.detail", containsString("within STS's tolerance"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Api.given().accept("application/json").get("/api/v1/openapi").then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("info.title", equalTo("Keyport control API"))
                .body("paths.keySet()", hasItems("/api/v1/sessions", "/api/v1/sessions/{idOrAlias}/start",
                        "/api/v1/assertions/inspect", "/api/v1/providers"))
                // The API model's records (module api-model) are described field by field, not as bare objects.
                .body("components.schemas.SessionView.properties.keySet()", hasItems("alias", "profileName",
                        "status", "challenge"));
        Api.given().get("/api/v1/openapi").then().statusCode(200).contentType(containsString("application/yaml"))
                .body(containsString("/api/v1/sessions/{idOrAlias}/start:"));
        Api.given().get("/api/v1/openapi?format=json").then().statusCode(200)
                .contentType(containsString("application/json"));
        Api.given().get("/api/v1/openapi?format=xml").then().statusCode(400)
                .body("detail", containsString("format must be json or yaml"));
        RestAssured.given().get("/api/v1/openapi").then().statusCode(401);
    }

    @Test
    void tokenFileIsPrivateAndHolds256Bits() throws Exception {
        Path file = KeyportTestEnvironment.current().home().resolve("api-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).trim();
        assertEquals(43, token.length(), "32 random bytes, base64url without padding");
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void builtInProvidersAreListed() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("findAll { it.loaded }.id", hasItems("gsuite", "okta", "onelogin", "azuread"))
                .body("find { it.id == 'okta' }.source", equalTo("classpath"));
    }

    @Test
    void unknownPathGetsAProblem() {
        Api.given().get("/api/v1/nothing-here").then().statusCode(404)
                .body("type", equalTo("urn:keyport:problem:no-such-route"));
    }
}
