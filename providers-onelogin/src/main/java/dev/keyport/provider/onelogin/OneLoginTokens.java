package dev.keyport.provider.onelogin;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin.Context;
import dev.keyport.spi.IdpWeb.Reply;
import dev.keyport.spi.JsonTree;
import dev.keyport.spi.KeyportException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The API access token, fetched with the client credentials and kept in memory until shortly before it expires.
 * A call the API refuses as unauthorised with a kept token is made once more with a fresh one.
 */
final class OneLoginTokens {
    private final OneLoginApi api;
    private String token;
    private Instant expires = Instant.EPOCH;

    OneLoginTokens(OneLoginApi api) {
        this.api = api;
    }

    void ensure(Context context, String clientId) {
        if (current() == null) {
            fetch(context, clientId);
        }
    }

    Reply call(Context context, String clientId, String path, Map<String, Object> body) {
        boolean kept = current() != null;
        Reply reply = context.web().postJson(URI.create(api.apiUrl() + path), body, bearer(context, clientId));
        if (kept && reply.status() == 401 && OneLoginHeadlessLogin.said(reply).toLowerCase(Locale.ROOT).contains("token")) {
            forget();
            reply = context.web().postJson(URI.create(api.apiUrl() + path), body, bearer(context, clientId));
        }
        return reply;
    }

    private synchronized String current() {
        return token != null && Instant.now().isBefore(expires) ? token : null;
    }

    private synchronized void forget() {
        token = null;
    }

    private Map<String, String> bearer(Context context, String clientId) {
        String value = current();
        if (value == null) {
            value = fetch(context, clientId);
        }
        return Map.of("Accept", "application/json", "Content-Type", "application/json",
                "Authorization", "bearer " + value);
    }

    private String fetch(Context context, String clientId) {
        // The secret is sent to the API host, which names it in the keyring with the client id.
        String account = "client:" + clientId + " " + api.apiUrl().getRawAuthority();
        char[] secret = api.clientSecret().map(String::toCharArray).orElseGet(() -> context.prompter()
                .askPassword("OneLogin API client secret (client id " + clientId + ")", account));
        Reply reply;
        try {
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + new String(secret))
                    .getBytes(StandardCharsets.UTF_8));
            reply = context.web().postJson(URI.create(api.apiUrl() + "/auth/oauth2/v2/token"),
                    Map.of("grant_type", "client_credentials"), Map.of("Accept", "application/json",
                            "Content-Type", "application/json", "Authorization", "Basic " + basic));
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (reply.status() == 400 || reply.status() == 401) {
            context.prompter().passwordRefused(account);
            throw new KeyportException(ErrorCategory.REJECTED, "OneLogin refused the API credential with client"
                    + " id " + clientId + " at " + api.apiUrl() + ". Check keyport.providers.onelogin.client-id,"
                    + " the secret, and that api-url is the region of your account (us or eu).");
        }
        if (!reply.ok()) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "OneLogin answered HTTP " + reply.status()
                    + " for an API access token at " + api.apiUrl() + ".");
        }
        JsonTree json = reply.json().get("access_token").present() ? reply.json() : reply.json().get("data").get(0);
        String value = json.text("access_token");
        if (value == null) {
            throw OneLoginHeadlessLogin.unexpected("a token answer without an access_token");
        }
        long seconds = json.get("expires_in").text().map(OneLoginHeadlessLogin::seconds).orElse(600L);
        synchronized (this) {
            token = value;
            expires = Instant.now().plusSeconds(Math.max(0, seconds - 60));
        }
        return value;
    }
}
