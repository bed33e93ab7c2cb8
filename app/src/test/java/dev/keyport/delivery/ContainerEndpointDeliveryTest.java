package dev.keyport.delivery;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.GrantStream;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A container credentials grant never outlives its maximum lifetime, even while its run goes on. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class ContainerEndpointDeliveryTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @Inject
    ContainerEndpointDelivery grants;

    @AfterEach
    void deleteSessions() {
        Api.deleteAllSessions();
    }

    @Inject
    dev.keyport.session.SessionKeeper keeper;

    @Inject
    dev.keyport.session.SessionCatalogue sessions;

    @Test
    void aGrantEndsWhenItsSessionExpiresOrIsDeleted() throws Exception {
        Api.started("grant-expires");
        try (GrantStream stream = GrantStream.open(RestAssured.port, env.apiToken(), "grant-expires")) {
            keeper.check(sessions.find("grant-expires").state().expiresAt()).get();
            assertEquals("closed", stream.nextEvent()[0]);
            RestAssured.given().header("Authorization", stream.token()).get(URI.create(stream.fullUri()).getPath())
                    .then().statusCode(404);
        }
        Api.started("grant-deleted");
        try (GrantStream stream = GrantStream.open(RestAssured.port, env.apiToken(), "grant-deleted")) {
            Api.given().post("/api/v1/sessions/grant-deleted/stop").then().statusCode(200);
            assertEquals("closed", stream.nextEvent()[0]);
        }
        Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                .post("/api/v1/sessions/grant-deleted/start").then().statusCode(200);
        try (GrantStream stream = GrantStream.open(RestAssured.port, env.apiToken(), "grant-deleted")) {
            Api.given().delete("/api/v1/sessions/grant-deleted").then().statusCode(204);
            assertEquals("closed", stream.nextEvent()[0]);
            RestAssured.given().header("Authorization", stream.token()).get(URI.create(stream.fullUri()).getPath())
                    .then().statusCode(404);
        }
    }

    @Test
    void aGrantEndsAtItsMaximumLifetimeAndTheRunIsTold() throws Exception {
        Api.started("long-run");
        try (GrantStream stream = GrantStream.open(RestAssured.port, env.apiToken(), "long-run")) {
            String pathId = URI.create(stream.fullUri()).getPath().replace(ContainerEndpointDelivery.BASE_PATH, "");
            Instant expiresAt = Instant.parse(stream.grant().get("expiresAt").asText());
            assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofHours(11))), "12 hours by default");
            assertTrue(grants.find(pathId, expiresAt.minusSeconds(1)).isPresent());
            assertTrue(grants.find(pathId, expiresAt).isEmpty());
            String[] closed = stream.nextEvent();
            assertEquals("closed", closed[0]);
            assertTrue(closed[1].contains("grant-max-lifetime"), closed[1]);
            RestAssured.given().header("Authorization", stream.token()).get(URI.create(stream.fullUri()).getPath())
                    .then().statusCode(404);
        }
    }
}
