package dev.keyport.provider.onelogin;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and as whom Keyport calls OneLogin's API, from the provider settings ({@code keyport.providers.onelogin.*}):
 * <ul>
 *   <li>{@code client-id}: the id of a OneLogin API credential with "Authentication Only" access (required for the
 *       headless login);</li>
 *   <li>{@code client-secret}: its secret. Better left unset: Keyport then asks for it (and keeps it in the OS keyring
 *       where remembering is allowed);</li>
 *   <li>{@code api-url}: the API's base, {@code https://api.us.onelogin.com} (the default) or
 *       {@code https://api.eu.onelogin.com}, where the account lives. Every call of a login goes there: OneLogin's
 *       state tokens are only good in the region that issued them;</li>
 *   <li>{@code subdomain}: the account's subdomain; by default the first label of the SAML URL's host
 *       ({@code acme} for {@code acme.onelogin.com});</li>
 *   <li>{@code push-poll-interval}, {@code push-timeout}: how often and how long to wait for a OneLogin Protect push
 *       (ISO-8601 durations, defaults PT2S and PT2M).</li>
 * </ul>
 */
record OneLoginApi(Optional<String> clientId, Optional<String> clientSecret, URI apiUrl, Optional<String> subdomain,
                   Duration pollInterval, Duration pushTimeout) {

    static final URI DEFAULT_API = URI.create("https://api.us.onelogin.com");

    static OneLoginApi defaults() {
        return new OneLoginApi(Optional.empty(), Optional.empty(), DEFAULT_API, Optional.empty(),
                Duration.ofSeconds(2), Duration.ofMinutes(2));
    }

    static OneLoginApi from(ProviderSettings settings) {
        URI api = settings.get("api-url").map(String::strip).map(OneLoginApi::apiUrl).orElse(DEFAULT_API);
        return new OneLoginApi(settings.get("client-id").map(String::strip).filter(s -> !s.isEmpty()),
                settings.get("client-secret").filter(s -> !s.isEmpty()), api,
                settings.get("subdomain").map(String::strip).filter(s -> !s.isEmpty()),
                settings.duration("push-poll-interval").orElse(Duration.ofSeconds(2)),
                settings.duration("push-timeout").orElse(Duration.ofMinutes(2)));
    }

    /** The client id, or a message saying where to set it. */
    String requireClientId() {
        return clientId.orElseThrow(() -> new KeyportException(ErrorCategory.INVALID_INPUT, "Signing in to OneLogin"
                + " without a browser needs a OneLogin API credential: create one with 'Authentication Only' access"
                + " (OneLogin admin: Developers > API Credentials) and set keyport.providers.onelogin.client-id to its"
                + " client id. Keyport asks for the secret."));
    }

    /** The account's subdomain: set, or the first label of a {@code *.onelogin.com} SAML URL. */
    String subdomainFor(URI samlUrl) {
        if (subdomain.isPresent()) {
            return subdomain.get();
        }
        String host = samlUrl.getHost() == null ? "" : samlUrl.getHost().toLowerCase(Locale.ROOT);
        String suffix = ".onelogin.com";
        String sub = host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : "";
        if (!sub.isEmpty() && !sub.contains(".")) {
            return sub;
        }
        throw new KeyportException(ErrorCategory.INVALID_INPUT, "The SAML URL's host " + host + " does not name a"
                + " OneLogin account (SUBDOMAIN.onelogin.com). Set keyport.providers.onelogin.subdomain.");
    }

    private static URI apiUrl(String value) {
        URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equalsIgnoreCase(uri.getHost())
                || "[::1]".equals(uri.getHost());
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            // Passwords and the client secret go there: never in clear over a network.
            throw new IllegalArgumentException("keyport.providers.onelogin.api-url is '" + value + "', not an"
                    + " https URL such as https://api.eu.onelogin.com (plain http only on 127.0.0.1, for a test"
                    + " stand-in).");
        }
        return uri;
    }
}
