package dev.keyport.provider.onelogin;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneLoginProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        long found = ServiceLoader.load(IdpProvider.class).stream()
                .filter(p -> p.type() == OneLoginProvider.class).count();
        assertEquals(1, found, "META-INF/services must list OneLoginProvider exactly once");
    }

    @Test
    void recognisesItsOwnLoginUrlsOnly() {
        IdpProvider provider = new OneLoginProvider();
        assertTrue(provider.recognisesLoginUrl(URI.create("https://acme.onelogin.com/trust/saml2/launch/123456")));
        assertFalse(provider.recognisesLoginUrl(URI.create("https://acme.example.com/trust/saml2/launch/123456")));
    }

    @Test
    void recognisesItsIssuer() {
        IdpProvider provider = new OneLoginProvider();
        assertTrue(provider.recognisesIssuer("https://app.onelogin.com/saml/metadata/123456"));
        assertFalse(provider.recognisesIssuer("https://idp.example.com/metadata"));
    }
}
