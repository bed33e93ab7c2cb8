package dev.keyport.provider.gsuite;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Google Workspace. Recognition only for now; its login flows arrive with the provider-modules issue. */
public final class GoogleWorkspaceProvider implements IdpProvider {

    @Override
    public String id() {
        return "gsuite";
    }

    @Override
    public String displayName() {
        return "Google Workspace";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        String host = samlUrl.getHost() == null ? "" : samlUrl.getHost().toLowerCase(Locale.ROOT);
        String path = samlUrl.getPath() == null ? "" : samlUrl.getPath();
        return host.equals("accounts.google.com") && path.startsWith("/o/saml2");
    }

    @Override
    public List<String> loginPagePatterns() {
        return List.of("^https://accounts\\.google\\.com/(v3/signin|signin|ServiceLogin|AccountChooser)");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("https://accounts.google.com/o/saml2");
    }
}
