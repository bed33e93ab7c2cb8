package dev.keyport.cli;

import dev.keyport.api.model.DeliveryMethod;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionStatus;
import dev.keyport.api.model.SessionView;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI reads the API's records from a daemon that may be newer, and sends back only what the user changed. */
class JsonTest {

    @Test
    void aNewerDaemonsFieldsAndValuesAreReadAsAbsent() {
        SessionView s = Json.read("{\"alias\":\"dev\",\"status\":\"HIBERNATING\",\"delivery\":\"CARRIER_PIGEON\","
                + "\"expiresAt\":\"2026-12-02T08:00:00Z\",\"somethingNew\":{\"a\":1}}", SessionView.class);
        assertEquals("dev", s.alias());
        assertNull(s.status());
        assertNull(s.delivery());
        assertEquals(Instant.parse("2026-12-02T08:00:00Z"), s.expiresAt());
        assertEquals(SessionStatus.ACTIVE, Json.read("{\"status\":\"ACTIVE\"}", SessionView.class).status());
    }

    @Test
    void anAnswerThatIsNotTheRecordSaysSoWithoutEchoingIt() {
        CliException e = assertThrows(CliException.class, () -> Json.read("[\"SECRETKEY\"]", SessionView.class));
        assertFalse(e.getMessage().contains("SECRETKEY"), e.getMessage());
        assertTrue(e.getMessage().contains("SessionView"), e.getMessage());
    }

    @Test
    void aRequestLeavesOutWhatWasNotGiven() {
        String body = Json.write(new SessionRequest("dev", null, "eu-west-1", null, null, null, null, null, null,
                null, DeliveryMethod.CREDENTIAL_PROCESS, null, null, null));
        assertEquals("{\"alias\":\"dev\",\"region\":\"eu-west-1\",\"delivery\":\"CREDENTIAL_PROCESS\"}", body);
    }

    @Test
    void anEditKeepsTheDaemonsValuesEvenUnknownOnesAndChangesOnlyWhatWasAsked() {
        String shown = "{\"id\":\"1\",\"alias\":\"dev\",\"region\":\"eu-west-1\",\"delivery\":\"CARRIER_PIGEON\","
                + "\"status\":\"ACTIVE\",\"durationSeconds\":null,\"loginPagePatterns\":[\"a\"]}";
        String body = Json.overlay(shown, SessionRequest.class, new SessionRequest(null, null, "us-east-1", null, null,
                null, null, null, null, null, null, null, null, null));
        assertEquals("{\"alias\":\"dev\",\"region\":\"us-east-1\",\"loginPagePatterns\":[\"a\"],"
                + "\"delivery\":\"CARRIER_PIGEON\"}", body);
    }
}
