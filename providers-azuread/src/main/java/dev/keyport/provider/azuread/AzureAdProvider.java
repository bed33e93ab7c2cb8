package dev.keyport.provider.azuread;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Azure AD (Entra ID). Users start from the My Apps portal link or the tenant's SAML endpoint; the sign-in pages live
 * on login.microsoftonline.com. With Defender for Cloud Apps session control, the assertion is posted to a rewritten
 * ACS host ({@code signin.aws.amazon.com.mcas.ms}), which is watched too.
 */
public final class AzureAdProvider implements IdpProvider {
    private static final Set<String> PORTAL_HOSTS = Set.of("myapps.microsoft.com", "launcher.myapps.microsoft.com",
            "account.activedirectory.windowsazure.com");
    private static final Set<String> LOGIN_HOSTS = Set.of("login.microsoftonline.com", "login.microsoftonline.us",
            "login.partner.microsoftonline.cn");

    /** Microsoft's role claim: Azure AD repeats the AWS Role values under it. */
    static final String MICROSOFT_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    static final String AWS_ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";

    @Override
    public String id() {
        return "azuread";
    }

    @Override
    public String displayName() {
        return "Azure AD (Entra ID)";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        String host = samlUrl.getHost() == null ? "" : samlUrl.getHost().toLowerCase(Locale.ROOT);
        return PORTAL_HOSTS.contains(host) || host.endsWith(".myapps.microsoft.com") || LOGIN_HOSTS.contains(host);
    }

    /**
     * The credential pages, not the tenant's {@code /saml2} endpoint: with a live session that endpoint posts the
     * assertion straight away, and matching it would turn every silent refresh into a window.
     */
    @Override
    public List<String> loginPagePatterns() {
        return List.of("^https://login\\.microsoftonline\\.(com|us)/[^/?]+/(login|oauth2/v2\\.0/authorize|reprocess)",
                "^https://login\\.microsoftonline\\.(com|us)/common/(login|SAS/)");
    }

    @Override
    public List<String> assertionConsumerPatterns() {
        return List.of("https://signin.aws.amazon.com.mcas.ms/*", "https://*.signin.aws.amazon.com.mcas.ms/*");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("https://sts.windows.net/") || value.startsWith("https://login.microsoftonline.com/");
    }

    /**
     * The roles also arrive under Microsoft's role claim. Keyport reads them from the AWS attribute only (as AWS does);
     * the alias lets it say "copies, as expected", or, when an administrator mapped the roles to the Microsoft claim
     * alone, that the claim must be named like the AWS attribute.
     */
    @Override
    public Map<String, String> attributeAliases() {
        return Map.of(MICROSOFT_ROLE_CLAIM, AWS_ROLE_ATTRIBUTE);
    }
}
