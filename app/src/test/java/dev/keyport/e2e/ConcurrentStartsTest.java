package dev.keyport.e2e;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.writer.IniDocument;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 50 sessions started at once leave 50 profiles, none lost, and the user's own content untouched. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class ConcurrentStartsTest {
    static final int SESSIONS = 50;

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + env.apiToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Runs all tasks at the same moment (a start gate, not a sleep) and returns their results. */
    private static <T> List<T> allAtOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.call();
                }));
            }
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentStartsAndStopsLoseNothing() throws Exception {
        Files.writeString(env.credentialsFile(), KeyportTestEnvironment.FOREIGN_CREDENTIALS);
        Files.writeString(env.configFile(), KeyportTestEnvironment.FOREIGN_CONFIG);
        List<String> aliases = new ArrayList<>();
        Map<String, String> assertions = new HashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String alias = "parallel-" + i;
            Api.create(alias, "parallel-profile-" + i);
            aliases.add(alias);
            assertions.put(alias, env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
        }

        List<Callable<HttpResponse<String>>> starts = new ArrayList<>();
        for (String alias : aliases) {
            starts.add(() -> post("/api/v1/sessions/" + alias + "/start",
                    "{\"samlResponse\":\"" + assertions.get(alias) + "\"}"));
        }
        for (HttpResponse<String> response : allAtOnce(starts)) {
            assertEquals(200, response.statusCode(), response.body());
        }

        IniDocument credentials = IniDocument.parse(Files.readString(env.credentialsFile()));
        IniDocument config = IniDocument.parse(Files.readString(env.configFile()));
        for (int i = 0; i < SESSIONS; i++) {
            String alias = aliases.get(i);
            String expectedKey = Api.given().get("/api/v1/sessions/" + alias + "/credentials").then()
                    .statusCode(200).extract().path("AccessKeyId");
            IniDocument.Section section = credentials.findSection("parallel-profile-" + i).orElse(null);
            assertNotNull(section, "profile parallel-profile-" + i + " is missing");
            assertEquals(expectedKey, section.property("aws_access_key_id").orElse(null));
            assertEquals("eu-west-1", config.findSection("profile parallel-profile-" + i)
                    .flatMap(s -> s.property("region")).orElse(null));
        }
        assertTrue(Files.readString(env.credentialsFile()).startsWith(KeyportTestEnvironment.FOREIGN_CREDENTIALS));
        assertTrue(Files.readString(env.configFile()).startsWith(KeyportTestEnvironment.FOREIGN_CONFIG));

        List<Callable<HttpResponse<String>>> stops = new ArrayList<>();
        for (String alias : aliases) {
            stops.add(() -> post("/api/v1/sessions/" + alias + "/stop", ""));
        }
        for (HttpResponse<String> response : allAtOnce(stops)) {
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(env.credentialsFile()));
        assertEquals(KeyportTestEnvironment.FOREIGN_CONFIG, Files.readString(env.configFile()));

        for (String alias : aliases) {
            Api.given().delete("/api/v1/sessions/" + alias).then().statusCode(204);
        }
    }
}
