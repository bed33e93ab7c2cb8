package dev.keyport.ui;

import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.IntegrationTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the web page's way in, sent as browsers would send them (Origin, Sec-Fetch-*, the cookie): the one-time
 * code, the cookie without its CSRF token, other origins, DNS rebinding, routes the page has no business with, and the
 * page's files as another site would load them. The bearer-token API for programs stays as it was (ApiAccessTest).
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class BrowserAccessTest {

    /** A browser's sign-in: the cookie the daemon set and the CSRF token the page keeps. */
    record Browser(String cookie, String csrf, String host) {
        /** Headers given again replace these, as one browser request carries each once. */
        RequestSpecification given() {
            return RestAssured.given().config(RestAssured.config().headerConfig(io.restassured.config.HeaderConfig
                            .headerConfig().overwriteHeadersWithName("Host", "Origin", "Sec-Fetch-Site",
                                    "X-Keyport-CSRF", "Cookie")))
                    .header("Host", host).header("Origin", "http://" + host)
                    .header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors")
                    .header("Cookie", cookieName() + "=" + cookie).header("X-Keyport-CSRF", csrf)
                    .contentType(ContentType.JSON);
        }
    }

    @AfterEach
    void clean() {
        Api.deleteAllSessions();
    }

    static String cookieName() {
        return "keyport-ui-" + RestAssured.port;
    }

    static String own() {
        return "127.0.0.1:" + RestAssured.port;
    }

    static String code() {
        String url = Api.given().post("/api/v1/ui/links").then().statusCode(200).extract().path("url");
        return url.substring(url.indexOf("#code=") + 6);
    }

    static Response exchange(String code, String host) {
        return RestAssured.given().header("Host", host).header("Origin", "http://" + host)
                .header("Sec-Fetch-Site", "same-origin").contentType(ContentType.JSON)
                .body(Map.of("code", code)).post("/api/v1/ui/sign-in");
    }

    static Browser signIn(String host) {
        Response answer = exchange(code(), host);
        answer.then().statusCode(200).header("Cache-Control", "no-store");
        return new Browser(answer.getCookie(cookieName()), answer.path("csrfToken"), host);
    }

    @Test
    void aCodeSignsInOnceWithAStrictHttpOnlyHostOnlyCookie() {
        String code = code();
        Response first = exchange(code, own());
        first.then().statusCode(200).body("csrfToken", org.hamcrest.Matchers.matchesPattern("[A-Za-z0-9_-]{43}"));
        String setCookie = first.getHeader("Set-Cookie");
        assertTrue(setCookie.startsWith(cookieName() + "="), setCookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/api/", "Max-Age=")) {
            assertTrue(setCookie.contains(attribute), setCookie);
        }
        assertFalse(setCookie.toLowerCase().contains("domain="), "host-only: " + setCookie);

        exchange(code, own()).then().statusCode(401).body("detail", containsString("used already or has expired"));
        exchange("made-up-code-made-up-code-made-up-code-1234", own()).then().statusCode(401);
        RestAssured.given().header("Origin", "http://" + own()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/ui/sign-in").then().statusCode(401);
    }

    @Test
    void thePageSignedInUsesTheApiAndSignsOut() {
        Browser browser = signIn(own());
        browser.given().get("/api/v1/sessions").then().statusCode(200);
        browser.given().body(Api.session("from-page", "from-page")).post("/api/v1/sessions").then().statusCode(201);
        browser.given().post("/api/v1/ui/sign-out").then().statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        browser.given().get("/api/v1/sessions").then().statusCode(403)
                .body("detail", containsString("keyport ui"));
    }

    @Test
    void theCookieAloneGetsNowhere() {
        // A cookie is sent to its host whatever the port: a page on another port of 127.0.0.1 receives it. Without
        // the CSRF token, which only Keyport's own page holds, it is worth nothing.
        Browser browser = signIn(own());
        RestAssured.given().header("Origin", "http://" + own()).header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", cookieName() + "=" + browser.cookie()).get("/api/v1/sessions").then().statusCode(403)
                .body("type", equalTo("urn:keyport:problem:web-origin")).body("detail", containsString("CSRF"));
        browser.given().header("X-Keyport-CSRF", browser.csrf().substring(1) + "A").get("/api/v1/sessions").then()
                .statusCode(403);
        // Two of a header (one right, one wrong) are refused rather than one of them believed.
        for (String header : List.of("Origin", "Sec-Fetch-Site", "X-Keyport-CSRF", "Cookie")) {
            RestAssured.given().header("Host", own()).header("Origin", "http://" + own())
                    .header("Sec-Fetch-Site", "same-origin").header("Cookie", cookieName() + "=" + browser.cookie())
                    .header("X-Keyport-CSRF", browser.csrf()).header(header, "x").get("/api/v1/sessions").then()
                    .statusCode(403).body("detail", containsString(header));
        }
        // Nor does a program that found the cookie, without the browser's headers: it needs the API token.
        RestAssured.given().header("Cookie", cookieName() + "=" + browser.cookie())
                .header("X-Keyport-CSRF", browser.csrf()).get("/api/v1/sessions").then().statusCode(401);
    }

    @Test
    void otherOriginsAreRefusedEvenWithTheCookieAndTheToken() {
        Api.create("victim", "victim");
        Browser browser = signIn(own());
        for (String origin : List.of("http://evil.example", "null", "http://localhost:" + RestAssured.port,
                "http://127.0.0.1:1", "https://" + own())) {
            browser.given().header("Origin", origin).post("/api/v1/sessions/victim/stop").then().statusCode(403)
                    .header("Access-Control-Allow-Origin", nullValue());
            browser.given().header("Origin", origin).delete("/api/v1/sessions/victim").then().statusCode(403);
        }
        for (String site : List.of("cross-site", "same-site", "none")) {
            browser.given().header("Sec-Fetch-Site", site).delete("/api/v1/sessions/victim").then().statusCode(403);
        }
        // A state change must say where it comes from.
        RestAssured.given().header("Sec-Fetch-Site", "same-origin").header("Cookie", cookieName() + "="
                + browser.cookie()).header("X-Keyport-CSRF", browser.csrf()).delete("/api/v1/sessions/victim")
                .then().statusCode(403).body("detail", containsString("Origin"));
        Api.given().get("/api/v1/sessions/victim").then().statusCode(200);
    }

    @Test
    void dnsRebindingAndAnotherHostNameGetNowhere() {
        Browser browser = signIn(own());
        String rebound = "attacker.example:" + RestAssured.port;
        RestAssured.given().header("Host", rebound).header("Origin", "http://" + rebound)
                .header("Sec-Fetch-Site", "same-origin").header("Cookie", cookieName() + "=" + browser.cookie())
                .header("X-Keyport-CSRF", browser.csrf()).get("/api/v1/sessions").then().statusCode(403)
                .body("type", equalTo("urn:keyport:problem:wrong-host"));
        exchange(code(), rebound).then().statusCode(403);
        // A sign-in is bound to the name it was made on: the same cookie under localhost is refused.
        Browser other = new Browser(browser.cookie(), browser.csrf(), "localhost:" + RestAssured.port);
        other.given().get("/api/v1/sessions").then().statusCode(403);
        // The page's files are refused under a rebound name too.
        RestAssured.given().header("Host", rebound).get("/ui/").then().statusCode(403);
    }

    @Test
    void thePageReachesOnlyWhatItUsesNeverCredentialsNorContainerEndpointsNorNewLinks() {
        Api.started("victim");
        Browser browser = signIn(own());
        browser.given().get("/api/v1/sessions/victim/credentials").then().statusCode(403)
                .body("detail", containsString("programs holding the API token"))
                .body(not(containsString("AccessKeyId")));
        browser.given().get("/api/v1/sessions/victim/credentials?start=true").then().statusCode(403);
        browser.given().post("/api/v1/sessions/victim/container-endpoint").then().statusCode(403);
        browser.given().post("/api/v1/sessions/victim/console-page").then().statusCode(403);
        browser.given().post("/api/v1/ui/links").then().statusCode(403);
        browser.given().get("/api/v1/openapi").then().statusCode(403);
        // A sign-in that hands the assertion to the client would be a way to credentials (STS takes it as it is).
        browser.given().body(Map.of("samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1/272"))
                .post("/api/v1/assertions/sign-in").then().statusCode(403);
        browser.given().post("/api/v1/ui/sign-out-all").then().statusCode(403);
        browser.given().get("/q/health").then().statusCode(403);
        // The bearer token is no way in for a web page either.
        browser.given().header("Authorization", "Bearer " + KeyportTestEnvironment.current().apiToken())
                .get("/api/v1/sessions/victim/credentials").then().statusCode(403);
    }

    @Test
    void thePagesFilesCarryAStrictPolicyAndCannotBeEmbeddedByOtherSites() {
        Response page = RestAssured.given().get("/ui/");
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Cross-Origin-Resource-Policy", equalTo("same-origin"))
                .header("Referrer-Policy", equalTo("no-referrer"));
        String html = page.asString();
        assertFalse(html.contains("<script>"), "no inline script");
        assertFalse(html.contains("style="), "no inline style");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from elsewhere");
        RestAssured.given().get("/ui/app.js").then().statusCode(200).contentType(containsString("javascript"));
        RestAssured.given().get("/ui/app.css").then().statusCode(200).contentType(containsString("text/css"));
        RestAssured.given().get("/ui/nope.js").then().statusCode(404);
        RestAssured.given().redirects().follow(false).get("/ui").then().statusCode(308).header("Location", "/ui/");
        String etag = RestAssured.given().get("/ui/app.js").header("ETag");
        RestAssured.given().header("If-None-Match", etag).get("/ui/app.js").then().statusCode(304);

        // Another site may link to the page, but not load its files into itself.
        RestAssured.given().header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Dest", "document").get("/ui/").then().statusCode(200);
        for (String dest : List.of("iframe", "script", "style", "image", "empty")) {
            RestAssured.given().header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors")
                    .header("Sec-Fetch-Dest", dest).get("/ui/app.js").then().statusCode(403);
        }
        // Every API answer carries the policy too.
        Api.given().get("/api/v1/sessions").then().header("Content-Security-Policy", containsString("default-src"));
    }

    @Test
    void inlineValidationAndProviderDetectionSpeakTheApisLanguage() {
        Browser browser = signIn(own());
        Map<String, Object> body = Api.session("checked", "checked");
        body.put("roleArn", "arn:aws:iam::123456789012:user/x");
        body.put("region", "mars-1");
        List<String> problems = browser.given().body(body).post("/api/v1/session-check").then().statusCode(200)
                .extract().path("problems");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("roleArn"), problems.toString());
        assertTrue(problems.get(1).contains("region"), problems.toString());
        Api.given().get("/api/v1/sessions").then().body("size()", equalTo(0));

        browser.given().body(Api.session("checked", "checked")).post("/api/v1/session-check").then()
                .body("problems.size()", equalTo(0)).body("providerId", equalTo("gsuite"));
        Api.create("checked", "checked");
        browser.given().body(Api.session("checked", "other")).post("/api/v1/session-check").then()
                .body("problems[0]", containsString("already exists"));
        browser.given().body(Api.session("checked", "checked")).post("/api/v1/session-check?editing=checked").then()
                .body("problems.size()", equalTo(0));

        browser.given().queryParam("samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1/272")
                .get("/api/v1/providers/detect").then().statusCode(200).body("providerId", equalTo("okta"))
                .body("reason", containsString("acme.okta.com")).body("headlessLogin", equalTo(true));
        browser.given().queryParam("samlUrl", "ftp://x").get("/api/v1/providers/detect").then().statusCode(200)
                .body("providerId", nullValue()).body("problems[0]", containsString("samlUrl"));
    }

    @Test
    void aDiscoveryKeepsTheAssertionInTheDaemonAndStartsTheSessionsItMakes() {
        Browser browser = signIn(own());
        String saml = KeyportTestEnvironment.current().samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        Response discovery = browser.given().body(Map.of("samlResponse", saml,
                "samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1/272", "region", "eu-west-1"))
                .post("/api/v1/assertions/discoveries");
        discovery.then().statusCode(200).header("Cache-Control", "no-store")
                .body("suggestions[0].roleArn", equalTo(KeyportTestEnvironment.ROLE_ARN));
        assertFalse(discovery.asString().contains(saml.substring(0, 40)), "the assertion does not come back");
        String id = discovery.path("discoveryId");
        Map<String, Object> body = Api.session("from-discovery", "from-discovery");
        body.put("samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1/272");
        Map<String, Object> taken = Api.session("from-discovery", "other-profile");
        browser.given().body(List.of(body, taken)).post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true")
                .then().statusCode(200)
                .body("[0].session.status", equalTo("ACTIVE")).body("[0].problem", nullValue())
                .body("[1].problem", containsString("already exists"));
        // Kept after a partial failure, so the person can fix the alias and try again; let go once all worked.
        taken.put("alias", "from-discovery-2");
        browser.given().body(List.of(taken)).post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true")
                .then().statusCode(200).body("[0].session.status", equalTo("ACTIVE"));
        browser.given().body(List.of(Api.session("late", "late")))
                .post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true").then().statusCode(404)
                .body("detail", containsString("read the roles again"));
    }

    @Test
    void aDiscoveryServesOnlyItsOwnClientAndOnlyTheRolesTheAssertionOffers() {
        Browser owner = signIn(own());
        Browser other = signIn(own());
        String saml = KeyportTestEnvironment.current().samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        String id = owner.given().body(Map.of("samlResponse", saml, "samlUrl",
                "https://acme.okta.com/home/amazon_aws/0oa1/272")).post("/api/v1/assertions/discoveries").then()
                .statusCode(200).extract().path("discoveryId");
        Map<String, Object> body = Api.session("owned", "owned");
        // Another browser's sign-in, or a program with the token, knowing the handle, gets nothing from it.
        other.given().body(List.of(body)).post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true")
                .then().statusCode(404);
        Api.given().body(List.of(body)).post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true")
                .then().statusCode(404);
        // A role the assertion does not offer, or another IdP for its role, is refused before anything is made.
        Map<String, Object> foreignRole = Api.session("foreign-role", "foreign-role");
        foreignRole.put("roleArn", "arn:aws:iam::123456789012:role/NotOffered");
        Map<String, Object> foreignIdp = Api.session("foreign-idp", "foreign-idp");
        foreignIdp.put("idpArn", "arn:aws:iam::123456789012:saml-provider/Elsewhere");
        owner.given().body(List.of(foreignRole, foreignIdp))
                .post("/api/v1/assertions/discoveries/" + id + "/sessions?start=true").then().statusCode(200)
                .body("[0].problem", containsString("does not offer role")).body("[0].session", nullValue())
                .body("[1].problem", containsString("does not offer role"));
        Api.given().get("/api/v1/sessions").then().body("size()", equalTo(0));
    }

    @Test
    void signingEveryoneOutEndsTheSignInsTheirEventStreamsAndUnusedLinks() throws Exception {
        Browser browser = signIn(own());
        String unused = code();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.io.InputStream> stream = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + own() + "/api/v1/events"))
                .header("Origin", "http://" + own()).header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", cookieName() + "=" + browser.cookie()).header("X-Keyport-CSRF", browser.csrf())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        do {
            line = events.readLine();
        } while (line != null && !line.contains("subscribed"));
        assertTrue(line != null, "the stream opened with its subscribed event");

        Api.given().post("/api/v1/ui/sign-out-all").then().statusCode(200)
                .body("ended", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        // The open stream ends with the sign-in (the daemon closes it): reading reaches its end.
        java.util.concurrent.CompletableFuture<Boolean> ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                while (events.readLine() != null) {
                    // events until the end
                }
                return true;
            } catch (java.io.IOException e) {
                return true; // closed under the reader
            }
        });
        assertTrue(ended.get(30, java.util.concurrent.TimeUnit.SECONDS));
        browser.given().get("/api/v1/sessions").then().statusCode(403);
        exchange(unused, own()).then().statusCode(401);
    }

    @Test
    void aCookieOfTheSameNameSetFromAnotherPortCannotShadowTheRealOne() {
        Browser browser = signIn(own());
        // A program on another port of 127.0.0.1 can set keyport-ui-PORT too (cookies ignore ports); the browser
        // then sends both. Every value is tried, so the planted one changes nothing.
        RestAssured.given().header("Origin", "http://" + own()).header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", cookieName() + "=planted; " + cookieName() + "=" + browser.cookie())
                .header("X-Keyport-CSRF", browser.csrf()).get("/api/v1/sessions").then().statusCode(200);
    }
}
