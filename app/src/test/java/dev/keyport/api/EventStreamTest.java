package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle event stream, read the way a client reads Server-Sent Events. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class EventStreamTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @TestHTTPResource("/api/v1/events")
    URI events;

    /** One SSE event: its name and its data line. */
    record Sse(String name, String data) {
    }

    @Test
    void startAndStopAreStreamedInOrderWithoutSecrets() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(events).header("Authorization", "Bearer " + env.apiToken())
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("subscribed", next(reader).name());

            String id = Api.create("streamed", "streamed");
            Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                    .post("/api/v1/sessions/streamed/start").then().statusCode(200);
            Api.given().post("/api/v1/sessions/streamed/stop").then().statusCode(200);
            Api.given().delete("/api/v1/sessions/streamed").then().statusCode(204);

            List<Sse> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                seen.add(next(reader));
            }
            assertEquals(List.of("STARTING", "STARTED", "STOPPED", "DELETED"), seen.stream().map(Sse::name).toList());
            for (Sse e : seen) {
                assertTrue(e.data().contains("\"sessionId\":\"" + id + "\""), e.data());
                assertTrue(e.data().contains("\"alias\":\"streamed\""), e.data());
            }
            assertTrue(seen.get(1).data().contains("\"credentialsExpireAt\":\""), seen.get(1).data());
            String secret = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1)
                    .secretAccessKey();
            String accessKey = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1)
                    .accessKeyId();
            for (Sse e : seen) {
                assertFalse(e.data().contains(secret), "no secret key in events");
                assertFalse(e.data().contains(accessKey), "no access key in events");
            }
        }
    }

    @Test
    void theStreamNeedsTheTokenOverHttp11AndAfterAnHttp2Upgrade() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<String> response = HttpClient.newBuilder().version(version).build()
                    .send(HttpRequest.newBuilder(events).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode(), version + " (403 would mean the Host check failed)");
        }
    }

    /** Reads lines up to the blank line ending the next event; fails on a line the SSE standard does not know. */
    private static Sse next(BufferedReader reader) throws Exception {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    return new Sse(name, data.toString());
                }
                continue;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (!line.startsWith("id:") && !line.startsWith(":")) {
                // The standard's fields only (event, data, id, retry; ":" a comment): a client may reject others.
                throw new AssertionError("not a standard Server-Sent Events line: " + line);
            }
        }
        throw new AssertionError("the event stream ended");
    }
}
