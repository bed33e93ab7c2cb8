package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.XswAttack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Hostile bodies get a problem document and a 4xx like every other mistake, never a 500 or the framework's own page,
 * and change nothing: deeply nested XML and JSON, a field given twice, a body over the limit, an empty assertion.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class HostileRequestTest {

    @AfterEach
    void deleteSessions() {
        Api.deleteAllSessions();
    }

    private static String nestedXml(int levels) {
        StringBuilder xml = new StringBuilder(levels * 8);
        xml.append("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">");
        xml.append("<a>".repeat(levels)).append("</a>".repeat(levels));
        xml.append("</samlp:Response>");
        return Base64.getEncoder().encodeToString(xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xmlNested100kLevelsDeepIsRefusedWithAProblem() {
        String deep = nestedXml(100_000);
        Api.given().body(Map.of("samlResponse", deep)).post("/api/v1/assertions/inspect").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("more than 64 levels deep"));
        Api.create("deep", "deep");
        Api.given().body(Api.start(deep)).post("/api/v1/sessions/deep/start").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("more than 64 levels deep"));
    }

    @Test
    void jsonNestedDeeplyIsRefusedWithAProblem() {
        String deep = "{\"samlResponse\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        Api.given().body(deep).post("/api/v1/assertions/inspect").then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void aFieldGivenTwiceIsRefusedNotSilentlyResolved() {
        String body = "{\"alias\":\"twice\",\"profileName\":\"twice\",\"region\":\"eu-west-1\","
                + "\"roleArn\":\"" + KeyportTestEnvironment.ROLE_ARN + "\",\"idpArn\":\""
                + KeyportTestEnvironment.PROVIDER_ARN + "\",\"samlUrl\":\"https://idp.example/saml\","
                + "\"profileName\":\"personal\"}";
        Api.given().body(body).post("/api/v1/sessions").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("The field 'profileName' appears more than once"));
        Api.given().get("/api/v1/sessions").then().body("alias", not(org.hamcrest.Matchers.hasItem("twice")));
    }

    @Test
    void aBodyOverTheLimitGetsAProblemToo() {
        String huge = "{\"samlResponse\":\"" + "A".repeat(3 * 1024 * 1024) + "\"}";
        Api.given().body(huge).post("/api/v1/assertions/inspect").then()
                .statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("larger than the daemon accepts"));
    }

    @Test
    void aWrappedAssertionNeverMakesKeyportAskStsForTheForgedRole() {
        KeyportTestEnvironment env = KeyportTestEnvironment.current();
        String forgedRole = "arn:aws:iam::123456789012:role/NotGranted";
        Map<String, Object> body = Api.session("wrapped", "wrapped");
        body.put("roleArn", forgedRole);
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201);
        String genuine = env.saml().google().rolePair(KeyportTestEnvironment.ROLE_ARN,
                KeyportTestEnvironment.PROVIDER_ARN).build().xml();
        env.sts().clearRecords();
        String wrapped = XswAttack.forgedBefore(genuine, KeyportTestEnvironment.ROLE_ARN, forgedRole);
        Api.given().body(Api.start(wrapped)).post("/api/v1/sessions/wrapped/start").then()
                .statusCode(400).body("detail", containsString("signature-wrapping"));
        Api.given().body(Map.of("samlResponse", wrapped)).post("/api/v1/assertions/inspect").then().statusCode(400);
        Api.given().body(Map.of("samlResponse", wrapped, "samlUrl", "https://idp.example/saml"))
                .post("/api/v1/assertions/discover").then().statusCode(400);
        org.junit.jupiter.api.Assertions.assertEquals(0, env.sts().requests().size(), "STS was never asked");
    }

    @Test
    void anEmptyOrBlankAssertionIsABadRequestNotASwitchToTheBrowser() {
        Api.create("blank", "blank");
        for (String blank : new String[]{"", "   ", "\n\t"}) {
            Api.given().body(Api.start(blank)).post("/api/v1/sessions/blank/start").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("The samlResponse is empty"));
        }
        Api.given().get("/api/v1/sessions/blank").then().body("status", equalTo("INACTIVE"));
    }

    @Test
    void aRequestWithoutTheTokenGetsNoFrameworkPage() {
        RestAssured.given().contentType("application/json").body("{").post("/api/v1/sessions").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void valuesOfTheWrongTypeOrShapeAreRefusedNotConverted() {
        Map<String, Object> numberAlias = Api.session("x", "typed");
        numberAlias.put("alias", 123);
        Api.given().body(numberAlias).post("/api/v1/sessions").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'alias'"));
        Map<String, Object> textDuration = Api.session("typed", "typed");
        textDuration.put("durationSeconds", "3600");
        Api.given().body(textDuration).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("'durationSeconds'"));
        Map<String, Object> nullPattern = Api.session("typed", "typed");
        nullPattern.put("loginPagePatterns", java.util.Arrays.asList((String) null));
        Api.given().body(nullPattern).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("loginPagePatterns entry #1 is null"));
        Map<String, Object> hugePattern = Api.session("typed", "typed");
        hugePattern.put("loginPagePatterns", java.util.List.of("a".repeat(500_000)));
        Api.given().body(hugePattern).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("at most 1000 are allowed"));
        Map<String, Object> pathAlias = Api.session("../../etc", "typed");
        Api.given().body(pathAlias).post("/api/v1/sessions").then().statusCode(400)
                .body("detail", containsString("The alias contains '/'"));

        Api.create("typed", "typed");
        Api.given().body("{\"replaceProfile\": 1}").post("/api/v1/sessions/typed/start").then().statusCode(400)
                .body("detail", containsString("'replaceProfile'"));
        Api.given().post("/api/v1/sessions/typed/console?durationSeconds=abc").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("durationSeconds"));
        Api.given().delete("/api/v1/sessions/typed/container-endpoint/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
        Api.given().get("/api/v1/sessions/typed").then().body("status", equalTo("INACTIVE"));
    }

    @Test
    void ambiguousRequestsAreRefused() throws Exception {
        int port = RestAssured.port;
        String token = KeyportTestEnvironment.current().apiToken();
        // Two Host headers: which one is checked would be anyone's guess.
        String twice = raw(port, "GET /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.example\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(twice.startsWith("HTTP/1.1 400"), twice);
        // An absolute-form target naming another host.
        String absolute = raw(port, "GET http://evil.example/api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(absolute.startsWith("HTTP/1.1 400"), absolute);
        // A browser's fetch can carry Sec-Fetch-Site twice; any value but "none" gives it away.
        Api.given().header("Sec-Fetch-Site", "none").header("Sec-Fetch-Site", "cross-site")
                .get("/api/v1/sessions").then().statusCode(403);
    }

    private static String raw(int port, String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
