package dev.keyport.provider.gsuite;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

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

    @Test
    void loginPagePatternsMatchTheSignInPageButNotTheSamlUrl() {
        List<Pattern> patterns = new GoogleWorkspaceProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertTrue(patterns.stream().anyMatch(p -> p.matcher("https://accounts.google.com/v3/signin/identifier?continue=https%3A%2F%2Faccounts.google.com%2Fo%2Fsaml2").find()));
        assertFalse(patterns.stream().anyMatch(p -> p.matcher("https://accounts.google.com/o/saml2/initsso?idpid=C01&spid=123&forceauthn=false").find()),
                "a silent refresh through the SAML URL must not count as a sign-in page");
    }
}
