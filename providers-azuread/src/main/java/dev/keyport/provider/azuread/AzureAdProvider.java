package dev.keyport.provider.azuread;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Azure AD (Entra ID). Recognition only for now; its login flows arrive with the provider-modules issue. */
public final class AzureAdProvider implements IdpProvider {

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
        return host.equals("login.microsoftonline.com") || host.equals("myapps.microsoft.com") || host.endsWith(".myapps.microsoft.com") || host.equals("login.microsoftonline.us") || host.equals("login.partner.microsoftonline.cn");
    }

    @Override
    public List<String> loginPagePatterns() {
        return List.of("^https://login\\.microsoftonline\\.(com|us)/[^/?]+/login");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("https://sts.windows.net/") || value.startsWith("https://login.microsoftonline.com/");
    }
}
