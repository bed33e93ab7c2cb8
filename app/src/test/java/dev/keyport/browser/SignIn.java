package dev.keyport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyport.browser.cdp.CdpPage;
import dev.keyport.testkit.SimpleSamlPhpIdp;

import java.util.concurrent.TimeUnit;

/** The user's part of a test login: typing into SimpleSAMLphp's form over the DevTools protocol. */
public final class SignIn {
    private SignIn() {
    }

    public static void typeCredentials(CdpPage page, String username, String password) {
        String script = SimpleSamlPhpIdp.signInScript(username, password);
        // The sign-in page may still be replacing the previous document: try again in the new one.
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode done = page.evaluate(script).get(30, TimeUnit.SECONDS);
                if (done.asBoolean()) {
                    return;
                }
            } catch (Exception e) {
                if (attempt == 5) {
                    throw new AssertionError("could not sign in through the page", e);
                }
            }
        }
    }
}
