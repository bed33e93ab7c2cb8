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
    void aFormThatWouldCarryTheSignInToAnotherHostIsNotSubmitted() {
        java.util.List<dev.keyport.spi.IdpWeb.Form> submitted = new java.util.ArrayList<>();
        dev.keyport.spi.IdpWeb web = new dev.keyport.spi.IdpWeb() {
            @Override
            public Reply postJson(URI uri, java.util.Map<String, ?> body, java.util.Map<String, String> headers) {
                throw new AssertionError();
            }

            @Override
            public Reply get(URI uri, java.util.Map<String, String> headers) {
                throw new AssertionError();
            }

            @Override
            public Reply submit(Form form) {
                submitted.add(form);
                return new Reply(200, form.action(), dev.keyport.spi.JsonTree.missing(), java.util.List.of(), "");
            }

            @Override
            public java.util.Optional<String> cookie(URI uri, String name) {
                return java.util.Optional.empty();
            }
        };
        dev.keyport.spi.IdpWeb.Form away = new dev.keyport.spi.IdpWeb.Form(URI.create("https://evil.example/sso"),
                "POST", java.util.Map.of("SAMLRequest", "x"));
        dev.keyport.spi.IdpWeb.Form home = new dev.keyport.spi.IdpWeb.Form(URI.create("https://acme.okta.com/sso"),
                "POST", java.util.Map.of("SAMLRequest", "x"));
        assertTrue(OktaHeadlessLogin.samlResponseIn(new dev.keyport.spi.IdpWeb.Reply(200, ORG,
                dev.keyport.spi.JsonTree.missing(), java.util.List.of(away), ""), web, ORG).isEmpty());
        assertTrue(submitted.isEmpty(), "nothing sent to another host");
        OktaHeadlessLogin.samlResponseIn(new dev.keyport.spi.IdpWeb.Reply(200, ORG,
                dev.keyport.spi.JsonTree.missing(), java.util.List.of(home), ""), web, ORG);
        assertEquals(java.util.List.of(home), submitted, "a hop on the org is taken, as a browser would");
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
        assertTrue(e.getMessage().contains("The setting push-poll-interval is '2s'"), e.getMessage());
    }
}
