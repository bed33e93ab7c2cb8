package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testing.RawHttp;
import dev.keyport.testing.RawHttp.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access filter decides on exactly the path the router routes. Every way of smuggling a route behind the
 * container endpoint's token-free prefix (dot segments, plain and percent-encoded, any case) is refused with 400 on
 * every route family, for every method, over HTTP/1.1 and HTTP/2, and nothing of the target route runs.
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class RequestPathAttackTest {
    private static final List<String> DOT_DOT = List.of("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2E.");
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    /** A route family, and the request that would hurt if it got through without the token. */
    private record Target(String method, String path, String body) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("GET", "api/v1/sessions", null),
            new Target("POST", "api/v1/sessions", "{\"alias\":\"smuggled\",\"profileName\":\"smuggled\","
                    + "\"region\":\"eu-west-1\",\"roleArn\":\"" + KeyportTestEnvironment.ROLE_ARN + "\",\"idpArn\":\""
                    + KeyportTestEnvironment.PROVIDER_ARN + "\",\"samlUrl\":\"https://idp.example/saml\"}"),
            new Target("GET", "api/v1/sessions/victim/credentials", null),
            new Target("GET", "api/v1/sessions/victim/credentials?start=true", null),
            new Target("PUT", "api/v1/sessions/victim", "{}"),
            new Target("DELETE", "api/v1/sessions/victim", null),
            new Target("POST", "api/v1/sessions/victim/stop", null),
            new Target("POST", "api/v1/sessions/victim/refresh", null),
            new Target("POST", "api/v1/sessions/victim/console", null),
            new Target("POST", "api/v1/sessions/victim/container-endpoint", null),
            new Target("GET", "api/v1/events", null),
            new Target("GET", "api/v1/openapi", null),
            new Target("GET", "api/v1/providers", null),
            new Target("GET", "api/v1/diagnostics", null),
            new Target("POST", "api/v1/session-check", "{}"),
            new Target("GET", "api/v1/providers/detect?samlUrl=https://idp.example/saml", null),
            new Target("POST", "api/v1/ui/links", null),
            new Target("POST", "api/v1/ui/sign-out", null),
            new Target("GET", "q/health", null));

    @BeforeEach
    void activeVictim() {
        Api.started("victim");
    }

    @AfterEach
    void cleanUp() throws Exception {
        Api.deleteAllSessions();
        env.resetAwsFiles();
    }

    private static List<String> smuggledPaths(Target target) {
        List<String> paths = new ArrayList<>();
        for (String dots : DOT_DOT) {
            // Behind the container endpoint's prefix (the reported bypass), and behind any other prefix.
            paths.add("/container-credentials/" + dots + "/" + target.path());
            paths.add("/container-credentials/x/" + dots + "/" + dots + "/" + target.path());
            paths.add("/api/v1/" + dots + "/" + target.path());
            // Behind the web page's prefix, which needs no token either.
            paths.add("/ui/" + dots + "/" + target.path());
            paths.add("/ui/x/" + dots + "/" + dots + "/" + target.path());
        }
        paths.add("/ui/./../" + target.path());
        paths.add("/container-credentials/./../" + target.path());
        paths.add("/container-credentials/%2e/%2e%2e/" + target.path());
        paths.add("//" + target.path());
        paths.add("/" + target.path().replaceFirst("^api", "%61pi").replaceFirst("^q/", "%71/"));
        return paths;
    }

    @Test
    void dotSegmentsNeverReachARouteOverHttp11() throws Exception {
        int port = RestAssured.port;
        for (Target target : TARGETS) {
            for (String path : smuggledPaths(target)) {
                Reply reply = RawHttp.http1(port, target.method(), path, "HTTP/1.1",
                        Map.of("Host", "127.0.0.1:" + port), target.body());
                assertRefused(reply, target.method() + " " + path + " (HTTP/1.1)");
            }
        }
        assertNothingHappened();
    }

    @Test
    void noDotSegmentArrivesOverHttp2BecauseHttp2IsNotSpoken() throws Exception {
        // HTTP/2 is off (application.properties says why): every smuggled path sent with prior knowledge meets an
        // HTTP/1.1 answer to the connection preface, and reaches no route.
        int port = RestAssured.port;
        for (Target target : TARGETS) {
            for (String path : smuggledPaths(target)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> RawHttp.http2(port,
                        target.method(), path, "127.0.0.1:" + port, Map.of(), target.body()), path);
                assertTrue(String.valueOf(refused.getCause().getMessage()).contains("not SETTINGS"),
                        target.method() + " " + path + " (HTTP/2): " + refused.getCause());
            }
        }
        // Nor does an HTTP/1.1 request that asks to upgrade to h2c switch protocols: it is answered as HTTP/1.1.
        Reply upgrade = RawHttp.http1(port, "GET", "/api/v1/sessions/%2e%2e/sessions", "HTTP/1.1",
                Map.of("Host", "127.0.0.1:" + port, "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c",
                        "HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"), null);
        assertRefused(upgrade, "an h2c upgrade");
        assertNothingHappened();
    }

    @Test
    void theTokenDoesNotMakeADotSegmentAcceptable() throws Exception {
        int port = RestAssured.port;
        Reply reply = RawHttp.http1(port, "GET", "/api/v1/sessions/../sessions", "HTTP/1.1",
                Map.of("Host", "127.0.0.1:" + port, "Authorization", "Bearer " + env.apiToken()), null);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("'..'"), reply.body());
    }

    @Test
    void aRequestNamingNoHostIsRefusedAndNoUrlIsBuiltFromNothing() throws Exception {
        int port = RestAssured.port;
        Map<String, String> auth = Map.of("Authorization", "Bearer " + env.apiToken());
        // HTTP/1.0 without Host.
        Reply http10 = RawHttp.http1(port, "POST", "/api/v1/sessions/victim/container-endpoint", "HTTP/1.0", auth,
                null);
        assertEquals(400, http10.status(), http10.body());
        assertTrue(http10.body().contains("names no host"), http10.body());
        // A Host that names the daemon differently: the grant's URL is the daemon's own address, never built from it.
        Map<String, String> localhost = new java.util.HashMap<>(auth);
        localhost.put("Host", "localhost:" + port);
        Reply granted = RawHttp.http1FirstEvent(port, "POST", "/api/v1/sessions/victim/container-endpoint",
                localhost);
        assertEquals(200, granted.status(), granted.body());
        assertTrue(granted.body().contains("\"fullUri\":\"http://127.0.0.1:" + port + "/container-credentials/"),
                granted.body());
        assertFalse(granted.body().contains("null"), granted.body());
    }

    private static void assertRefused(Reply reply, String what) {
        assertEquals(400, reply.status(), what + " answered " + reply.status() + ": " + reply.body());
        assertTrue(reply.body().contains("\"status\":400"), what + ": not a problem document: " + reply.body());
        assertTrue(reply.body().contains("\"type\":\"urn:keyport:problem:malformed-request\""), what + ": " + reply.body());
        assertFalse(reply.body().contains("AccessKeyId"), what + " leaked credentials");
        assertFalse(reply.body().contains("victim"), what + " leaked session data");
    }

    private void assertNothingHappened() {
        Api.given().get("/api/v1/sessions").then().statusCode(200)
                .body("alias", org.hamcrest.Matchers.contains("victim"))
                .body("[0].status", org.hamcrest.Matchers.equalTo("ACTIVE"));
    }
}
