package dev.keyport.provider.azuread;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzureAdProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        long found = ServiceLoader.load(IdpProvider.class).stream()
                .filter(p -> p.type() == AzureAdProvider.class).count();
        assertEquals(1, found, "META-INF/services must list AzureAdProvider exactly once");
    }

    @Test
    void recognisesItsOwnLoginUrlsOnly() {
        IdpProvider provider = new AzureAdProvider();
        assertTrue(provider.recognisesLoginUrl(URI.create("https://launcher.myapps.microsoft.com/api/signin/0000-1111?tenantId=2222")));
        assertFalse(provider.recognisesLoginUrl(URI.create("https://login.example.com/saml")));
    }

    @Test
    void recognisesItsIssuer() {
        IdpProvider provider = new AzureAdProvider();
        assertTrue(provider.recognisesIssuer("https://sts.windows.net/7c0a1b2c-0000-4000-8000-000000000000/"));
        assertFalse(provider.recognisesIssuer("https://idp.example.com/metadata"));
    }

    @Test
    void loginPagePatternsMatchTheSignInPageButNotTheSamlUrl() {
        List<Pattern> patterns = new AzureAdProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertTrue(patterns.stream().anyMatch(p -> p.matcher("https://login.microsoftonline.com/common/login").find()));
        assertFalse(patterns.stream().anyMatch(p -> p.matcher("https://launcher.myapps.microsoft.com/api/signin/0000-1111?tenantId=2222").find()),
                "a silent refresh through the SAML URL must not count as a sign-in page");
    }
}
