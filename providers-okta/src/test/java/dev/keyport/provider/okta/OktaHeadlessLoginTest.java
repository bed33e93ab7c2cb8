package dev.keyport.provider.okta;

import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Okta login refuses from Okta's answers (the flows themselves run against the test kit in app's tests). */
class OktaHeadlessLoginTest {
    private static final URI ORG = URI.create("https://acme.okta.com");

    @Test
    void linksInOktasAnswersMustStayOnTheOrg() {
        assertEquals(URI.create("https://acme.okta.com/api/v1/authn/factors/f1/verify"),
                OktaFactors.onOrg(ORG, "https://acme.okta.com/api/v1/authn/factors/f1/verify"));
        assertEquals(URI.create("https://acme.okta.com/api/v1/authn/factors/f1/verify"),
                OktaFactors.onOrg(ORG, "/api/v1/authn/factors/f1/verify"));
        for (String elsewhere : new String[]{"https://evil.example/api/v1/authn/factors/f1/verify",
                "http://acme.okta.com/api/v1/authn", "https://acme.okta.com.evil.example/x",
                "https://acme.okta.com:8443/x", "//evil.example/x"}) {
            KeyportException e = assertThrows(KeyportException.class, () -> OktaFactors.onOrg(ORG, elsewhere),
                    elsewhere);
            assertTrue(e.getMessage().contains("sends your codes nowhere else"), e.getMessage());
        }
    }

    @Test
    void badPushSettingsAreRefusedWithTheirName() {
        OktaProvider provider = new OktaProvider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.configure(
                new dev.keyport.spi.ProviderSettings() {
                    @Override
                    public java.util.Optional<String> get(String name) {
                        return java.util.Optional.of("2s");
                    }

                    @Override
                    public java.util.List<String> list(String name) {
                        return java.util.List.of();
                    }

                    @Override
                    public java.util.Set<String> names() {
                        return java.util.Set.of("push-poll-interval");
                    }
                }));
        assertTrue(e.getMessage().contains("keyport.providers.okta.push-poll-interval"), e.getMessage());
    }
}
