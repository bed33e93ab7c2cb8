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

    @Test
    void everyEntryPointIsRecognised() {
        IdpProvider provider = new AzureAdProvider();
        for (String url : List.of("https://myapps.microsoft.com/signin/AWS/0000-1111?tenantId=2222",
                "https://account.activedirectory.windowsazure.com/applications/redirecttofederatedapplication.aspx?Operation=SignIn",
                "https://login.microsoftonline.com/7c0a1b2c-0000-4000-8000-000000000000/saml2?SAMLRequest=x")) {
            assertTrue(provider.recognisesLoginUrl(URI.create(url)), url);
        }
    }

    @Test
    void theTenantSaml2EndpointIsNotASignInPageButTheCredentialPagesAre() {
        List<Pattern> patterns = new AzureAdProvider().loginPagePatterns().stream().map(Pattern::compile).toList();
        assertFalse(patterns.stream().anyMatch(p -> p.matcher(
                "https://login.microsoftonline.com/7c0a1b2c-0000-4000-8000-000000000000/saml2?SAMLRequest=x").find()));
        assertTrue(patterns.stream().anyMatch(p -> p.matcher(
                "https://login.microsoftonline.com/7c0a1b2c-0000-4000-8000-000000000000/login").find()));
    }

    @Test
    void defenderForCloudAppsRewrittenAcsIsWatched() {
        assertTrue(new AzureAdProvider().assertionConsumerPatterns().contains("https://signin.aws.amazon.com.mcas.ms/*"));
    }

    @Test
    void theMicrosoftRoleClaimIsAnAliasOfTheAwsRoleAttributeAndNothingElseIs() {
        IdpProvider provider = new AzureAdProvider();
        // the names exactly as in saml2aws's Azure AD test data (pkg/provider/aad/testdata/SAMLResponse.xml)
        assertEquals(java.util.Map.of("http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
                "https://aws.amazon.com/SAML/Attributes/Role"), provider.attributeAliases());
        assertFalse(provider.attributeAliases().containsKey("http://schemas.microsoft.com/identity/claims/tenantid"));
        assertFalse(provider.isPlaceholderRoleValue(
                "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/AzureAD"));
    }
}
