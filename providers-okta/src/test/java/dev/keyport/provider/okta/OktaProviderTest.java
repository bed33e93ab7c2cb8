package dev.keyport.provider.okta;

import dev.keyport.spi.IdpProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

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

    @Test
    void loginPagePatternsMatchTheSignInPageButNotTheSamlUrl() {
        List<Pattern> patterns = new OktaProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertTrue(patterns.stream().anyMatch(p -> p.matcher("https://acme.okta.com/login/login.htm?fromURI=%2Fapp%2Famazon_aws%2Fexk1%2Fsso%2Fsaml").find()));
        assertFalse(patterns.stream().anyMatch(p -> p.matcher("https://acme.okta.com/home/amazon_aws/0oa1/272").find()),
                "a silent refresh through the SAML URL must not count as a sign-in page");
    }

    @Test
    void oktasCentralSignInPageIsASignInPage() {
        List<Pattern> patterns = new OktaProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertTrue(patterns.stream().anyMatch(p -> p.matcher("https://login.okta.com/?fromURI=%2Fapp").find()));
    }
}
