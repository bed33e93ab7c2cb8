package dev.keyport.session;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.GrantStream;
import io.restassured.RestAssured;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.StsEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever the daemon logs while sessions start, fail and stop contains no credential, assertion or token. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class NoSecretsInLogsTest {
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(formatter.format(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace);
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        Files.writeString(env.credentialsFile(), KeyportTestEnvironment.FOREIGN_CREDENTIALS);
        Files.writeString(env.configFile(), KeyportTestEnvironment.FOREIGN_CONFIG);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
        List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
        ids.forEach(id -> {
            Api.given().post("/api/v1/sessions/" + id + "/stop");
            Api.given().delete("/api/v1/sessions/" + id);
        });
    }

    @Test
    void startsFailuresAndStopsLogNoSecret() throws java.io.IOException {
        Api.create("quiet", "quiet");
        String saml = env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        Api.given().body(Api.start(saml)).post("/api/v1/sessions/quiet/start").then().statusCode(200);
        StsEmulator.IssuedCredentials issued = env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1);
        // The other ways out of the daemon: console sign-in, a container endpoint, credential_process JSON.
        Api.given().post("/api/v1/sessions/quiet/console").then().statusCode(200);
        String signinToken = env.federation().requests().get(env.federation().requests().size() - 1).signinToken();
        String grant;
        String grantUri;
        try (GrantStream first = GrantStream.open(RestAssured.port, env.apiToken(), "quiet");
             GrantStream second = GrantStream.open(RestAssured.port, env.apiToken(), "quiet")) {
            grant = first.token();
            grantUri = second.fullUri();
            Api.given().get("/api/v1/sessions/quiet/credentials").then().statusCode(200);
            Api.given().post("/api/v1/sessions/quiet/stop").then().statusCode(200);
        }

        Api.create("refused", "personal");
        String refusedSaml = env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN);
        Api.given().body(Api.start(refusedSaml)).post("/api/v1/sessions/refused/start").then().statusCode(409);
        StsEmulator.IssuedCredentials refusedIssued =
                env.sts().issuedCredentials().get(env.sts().issuedCredentials().size() - 1);
        String garbage = "PHNhbWxwOlJlc3BvbnNlIHRvcC1zZWNyZXQ+" + "@@@";
        Api.given().body(Api.start(garbage)).post("/api/v1/sessions/refused/start").then().statusCode(400);
        io.restassured.RestAssured.given().header("Authorization", "Bearer wrong-" + env.apiToken())
                .get("/api/v1/sessions").then().statusCode(401);

        assertTrue(logged.stream().anyMatch(l -> l.contains("quiet")), "the capture must see the daemon's log");
        // Key ids appear masked, as aws-vault shows them: enough to match CloudTrail, too little to use.
        String key = issued.accessKeyId();
        String masked = key.substring(0, 4) + "****" + key.substring(key.length() - 4);
        assertTrue(logged.stream().anyMatch(l -> l.contains(masked)), "the start is logged with " + masked);
        List<String> secrets = List.of(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(),
                refusedIssued.accessKeyId(), refusedIssued.secretAccessKey(),
                refusedIssued.sessionToken(), saml.substring(100, 160), refusedSaml.substring(100, 160),
                "PHNhbWxwOlJlc3BvbnNl", env.apiToken(), signinToken, grant,
                grantUri.substring(grantUri.lastIndexOf('/') + 1));
        for (String line : logged) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret reached the log: " + line.replace(secret, "<SECRET>"));
            }
        }
    }
}
