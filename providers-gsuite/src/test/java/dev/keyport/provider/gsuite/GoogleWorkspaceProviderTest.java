package dev.keyport.provider.gsuite;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoogleWorkspaceProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        long found = ServiceLoader.load(IdpProvider.class).stream()
                .filter(p -> p.type() == GoogleWorkspaceProvider.class).count();
        assertEquals(1, found, "META-INF/services must list GoogleWorkspaceProvider exactly once");
    }

    @Test
    void recognisesItsOwnLoginUrlsOnly() {
        IdpProvider provider = new GoogleWorkspaceProvider();
        assertTrue(provider.recognisesLoginUrl(URI.create("https://accounts.google.com/o/saml2/initsso?idpid=C01&spid=123&forceauthn=false")));
        assertFalse(provider.recognisesLoginUrl(URI.create("https://accounts.google.com/signin")));
    }

    @Test
    void recognisesItsIssuer() {
        IdpProvider provider = new GoogleWorkspaceProvider();
        assertTrue(provider.recognisesIssuer("https://accounts.google.com/o/saml2?idpid=C01abcde"));
        assertFalse(provider.recognisesIssuer("https://idp.example.com/metadata"));
    }
}
