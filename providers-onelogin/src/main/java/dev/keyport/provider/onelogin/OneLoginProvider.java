package dev.keyport.provider.onelogin;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** OneLogin. Recognition only for now; its login flows arrive with the provider-modules issue. */
public final class OneLoginProvider implements IdpProvider {

    @Override
    public String id() {
        return "onelogin";
    }

    @Override
    public String displayName() {
        return "OneLogin";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        String host = samlUrl.getHost() == null ? "" : samlUrl.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".onelogin.com");
    }

    @Override
    public List<String> loginPagePatterns() {
        return List.of("^https://[^/]+\\.onelogin\\.com/login");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("https://app.onelogin.com/saml/metadata/") || value.contains(".onelogin.com/");
    }
}
