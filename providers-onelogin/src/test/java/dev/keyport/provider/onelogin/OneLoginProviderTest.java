package dev.keyport.provider.onelogin;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

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

    @Test
    void loginPagePatternsMatchTheSignInPageButNotTheSamlUrl() {
        List<Pattern> patterns = new OneLoginProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertTrue(patterns.stream().anyMatch(p -> p.matcher("https://acme.onelogin.com/login2/?return=abc").find()));
        assertFalse(patterns.stream().anyMatch(p -> p.matcher("https://acme.onelogin.com/trust/saml2/launch/123456").find()),
                "a silent refresh through the SAML URL must not count as a sign-in page");
    }

    @Test
    void defaultIsThePlaceholderForAUserWithoutRoleAndRealPairsAreNot() {
        IdpProvider provider = new OneLoginProvider();
        assertTrue(provider.isPlaceholderRoleValue("Default"));
        assertTrue(provider.isPlaceholderRoleValue("\n  Default \n"), "values may arrive padded");
        assertFalse(provider.isPlaceholderRoleValue("default"), "OneLogin sends it capitalised; other text is data");
        // the shape OneLogin sends for a real role: role first, then the provider
        assertFalse(provider.isPlaceholderRoleValue(
                "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/OneLogin"));
        assertEquals("Default", provider.normaliseRoleValue("Default"), "values are not rewritten");
        assertEquals(java.util.Map.of(), provider.attributeAliases());
    }
}
