package dev.keyport.provider.onelogin;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the OneLogin login finds the app and the account (the flows run against the test kit in app's tests). */
class OneLoginHeadlessLoginTest {

    @Test
    void theAppIdIsTheLastNumberInTheSamlUrl() {
        assertEquals("123456", OneLoginHeadlessLogin.appId(URI.create("https://acme.onelogin.com/launch/123456")));
        assertEquals("987", OneLoginHeadlessLogin.appId(
                URI.create("https://acme.onelogin.com/client/apps/select/987")));
        KeyportException e = assertThrows(KeyportException.class, () -> OneLoginHeadlessLogin.appId(
                URI.create("https://acme.onelogin.com/trust/saml2/http-post/sso/0a1b-c2d3")));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertTrue(e.getMessage().contains("/launch/APP_ID"), e.getMessage());
    }

    @Test
    void theSubdomainComesFromTheSamlUrlUnlessSet() {
        OneLoginApi defaults = OneLoginApi.from(ProviderSettings.none());
        assertEquals("acme", defaults.subdomainFor(URI.create("https://acme.onelogin.com/launch/1")));
        assertEquals(OneLoginApi.DEFAULT_API, defaults.apiUrl());
        KeyportException e = assertThrows(KeyportException.class,
                () -> defaults.subdomainFor(URI.create("https://sso.example.com/launch/1")));
        assertTrue(e.getMessage().contains("keyport.providers.onelogin.subdomain"), e.getMessage());
    }
}
