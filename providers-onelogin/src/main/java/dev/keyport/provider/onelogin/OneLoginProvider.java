package dev.keyport.provider.onelogin;

import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.ProviderSettings;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * OneLogin. Role values are {@code role,provider}; a user with no AWS role assigned gets the single value
 * {@code Default} (OneLogin's own onelogin-aws-cli checks {@code data[0] == 'Default'}). Offers a headless login
 * through OneLogin's API ({@link OneLoginHeadlessLogin}), configured as {@link OneLoginApi} describes.
 */
public final class OneLoginProvider implements IdpProvider {
    private volatile HeadlessLogin headless = new OneLoginHeadlessLogin(OneLoginApi.defaults());

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

    /** OneLogin's stand-in for "no AWS role", sent exactly like that. */
    static final String NO_ROLE_PLACEHOLDER = "Default";

    @Override
    public boolean isPlaceholderRoleValue(String value) {
        return NO_ROLE_PLACEHOLDER.equals(value.strip());
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.trim();
        return value.startsWith("https://app.onelogin.com/saml/metadata/") || value.contains(".onelogin.com/");
    }

    @Override
    public Optional<HeadlessLogin> headlessLogin() {
        return Optional.of(headless);
    }

    @Override
    public void configure(ProviderSettings settings) {
        headless = new OneLoginHeadlessLogin(OneLoginApi.from(settings));
    }
}
