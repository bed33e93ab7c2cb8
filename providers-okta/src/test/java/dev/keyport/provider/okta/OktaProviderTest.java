package dev.keyport.provider.okta;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OktaProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        long found = ServiceLoader.load(IdpProvider.class).stream()
                .filter(p -> p.type() == OktaProvider.class).count();
        assertEquals(1, found, "META-INF/services must list OktaProvider exactly once");
    }

    @Test
    void recognisesItsOwnLoginUrlsOnly() {
        IdpProvider provider = new OktaProvider();
        assertTrue(provider.recognisesLoginUrl(URI.create("https://acme.okta.com/home/amazon_aws/0oa1/272")));
        assertFalse(provider.recognisesLoginUrl(URI.create("https://okta.example.com/home/amazon_aws/0oa1/272")));
    }

    @Test
    void recognisesItsIssuer() {
        IdpProvider provider = new OktaProvider();
        assertTrue(provider.recognisesIssuer("http://www.okta.com/exk1abcd"));
        assertFalse(provider.recognisesIssuer("https://idp.example.com/metadata"));
    }
}
