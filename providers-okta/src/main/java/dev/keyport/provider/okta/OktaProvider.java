package dev.keyport.provider.okta;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Okta. Recognition only for now; its login flows arrive with the provider-modules issue. */
public final class OktaProvider implements IdpProvider {

    @Override
    public String id() {
        return "okta";
    }

    @Override
    public String displayName() {
        return "Okta";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        String host = samlUrl.getHost() == null ? "" : samlUrl.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".okta.com") || host.endsWith(".oktapreview.com") || host.endsWith(".okta-emea.com") || host.endsWith(".okta-gov.com");
    }

    @Override
    public List<String> loginPagePatterns() {
        return List.of("^https://[^/]+\\.(okta|oktapreview|okta-emea|okta-gov)\\.com/(login/|signin)",
                "^https://login\\.okta\\.com/");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("http://www.okta.com/") || value.startsWith("https://www.okta.com/");
    }
}
