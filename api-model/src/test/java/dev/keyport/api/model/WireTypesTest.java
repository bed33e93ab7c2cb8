package dev.keyport.api.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's records that carry secrets never show them when printed or logged. */
class WireTypesTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void secretsStayOutOfToString() {
        String[] printed = {
                new CredentialProcessOutput(1, "ASIAEXAMPLEKEY12", SECRET, SECRET, null).toString(),
                new StartRequest(SECRET, true).toString(),
                new InspectRequest(SECRET).toString(),
                new DiscoverRequest(SECRET, "https://idp.example/saml", "eu-west-1").toString(),
                new ContainerGrant("http://127.0.0.1:1/" + SECRET, SECRET, null).toString(),
                new ConsoleUrl("https://signin.aws.amazon.com/federation?SigninToken=" + SECRET).toString(),
                new ChallengeAnswerRequest("c1", SECRET, null, null).toString()};
        for (String p : printed) {
            assertFalse(p.contains(SECRET), p);
            assertFalse(p.contains("ASIAEXAMPLEKEY12"), p);
        }
        assertTrue(new StartRequest(null, null).toString().contains("samlResponse=none"));
    }
}
