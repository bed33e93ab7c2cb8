package dev.keyport.provider.okta;

import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.ProviderSettings;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Okta: recognition, its sign-in pages, and a headless login through the Classic Authentication API
 * ({@link OktaHeadlessLogin}). Settings ({@code keyport.providers.okta.*}): {@code push-poll-interval} (ISO-8601
 * duration, default PT2S) and {@code push-timeout} (default PT2M), how often and how long a login waits for an Okta
 * Verify push to be answered.
 */
public final class OktaProvider implements IdpProvider {
    private volatile HeadlessLogin headless = new OktaHeadlessLogin(Duration.ofSeconds(2), Duration.ofMinutes(2));

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

    @Override
    public Optional<HeadlessLogin> headlessLogin() {
        return Optional.of(headless);
    }

    @Override
    public void configure(ProviderSettings settings) {
        headless = new OktaHeadlessLogin(settings.duration("push-poll-interval").orElse(Duration.ofSeconds(2)),
                settings.duration("push-timeout").orElse(Duration.ofMinutes(2)));
    }
}
