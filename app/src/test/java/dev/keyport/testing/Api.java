package dev.keyport.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.LinkedHashMap;
import java.util.Map;

/** REST Assured requests as a legitimate local client makes them: with the token, JSON in and out. */
public final class Api {
    private Api() {
    }

    public static RequestSpecification given() {
        return RestAssured.given()
                .header("Authorization", "Bearer " + KeyportTestEnvironment.current().apiToken())
                .contentType(ContentType.JSON);
    }

    /** A valid session body; tests override fields. */
    public static Map<String, Object> session(String alias, String profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alias", alias);
        body.put("profileName", profile);
        body.put("region", "eu-west-1");
        body.put("samlUrl", "https://accounts.google.com/o/saml2/initsso?idpid=C01abcde&spid=123456789&forceauthn=false");
        body.put("idpArn", KeyportTestEnvironment.PROVIDER_ARN);
        body.put("roleArn", KeyportTestEnvironment.ROLE_ARN);
        return body;
    }

    /** Creates a session and returns its id. */
    public static String create(String alias, String profile) {
        return given().body(session(alias, profile)).post("/api/v1/sessions")
                .then().statusCode(201).extract().path("id");
    }

    /** Creates a session and starts it with a fresh assertion for the test role; returns its id. */
    public static String started(String alias) {
        String id = create(alias, alias);
        given().body(start(KeyportTestEnvironment.current().samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/" + alias + "/start").then().statusCode(200);
        return id;
    }

    /** A chained-role session's body: assumes {@code roleArn} with the credentials of {@code parent}. */
    public static Map<String, Object> chained(String alias, String parent, String roleArn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alias", alias);
        body.put("profileName", alias);
        body.put("region", "eu-west-1");
        body.put("roleArn", roleArn);
        body.put("parentSession", parent);
        return body;
    }

    public static Map<String, Object> start(String samlResponse) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("samlResponse", samlResponse);
        return body;
    }

    /** Stops and deletes every session; chained ones go first, since a parent with children cannot be deleted. */
    public static void deleteAllSessions() {
        for (int pass = 0; pass < 2; pass++) {
            java.util.List<String> ids = given().get("/api/v1/sessions").then().extract().path("id");
            ids.forEach(id -> {
                given().post("/api/v1/sessions/" + id + "/stop");
                given().delete("/api/v1/sessions/" + id);
            });
        }
    }
}
