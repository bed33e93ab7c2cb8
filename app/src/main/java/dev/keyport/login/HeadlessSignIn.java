package dev.keyport.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Signs a session in through its provider's {@link HeadlessLogin} (the IdP's API, no browser). Each session's logins
 * share one web client, kept in memory, so the IdP session it holds (Okta's {@code sid} cookie) serves the next
 * refresh without asking anything; {@link #forget} drops it. Questions go to the session's
 * {@link PendingChallenges}.
 */
@Singleton
public class HeadlessSignIn {
    private final ProviderRegistry providers;
    private final PendingChallenges challenges;
    private final KeyringPasswords keyring;
    private final LoginConfig config;
    private final ObjectMapper json;
    /** Per session: its web client, for the SAML URL and user name it signed in with. */
    private final ConcurrentMap<String, Jar> clients = new ConcurrentHashMap<>();

    /** A session's cookies belong to one IdP link and one user: a session edited to another starts with none. */
    private record Jar(String samlUrl, String username, IdpWebClient web) {
    }

    public HeadlessSignIn(ProviderRegistry providers, PendingChallenges challenges, KeyringPasswords keyring,
                          LoginConfig config, ObjectMapper json) {
        this.providers = providers;
        this.challenges = challenges;
        this.keyring = keyring;
        this.config = config;
        this.json = json;
    }

    /** The provider's headless login, or a message saying that it has none. */
    public HeadlessLogin loginOf(String providerId) {
        Optional<IdpProvider> provider = providerId == null ? Optional.empty() : providers.byId(providerId);
        return provider.flatMap(IdpProvider::headlessLogin).orElseThrow(() -> new KeyportException(
                ErrorCategory.INVALID_INPUT, provider.map(p -> p.displayName() + " (provider " + p.id() + ")")
                .orElse("Provider '" + providerId + "'") + " offers no sign-in without a browser. Use loginFlow"
                + " BROWSER, or a provider that has one (okta, onelogin)."));
    }

    /** Signs the session in and returns the SAMLResponse. */
    String obtainSamlResponse(LoginRequest request, LoginProgress progress) {
        HeadlessLogin login = loginOf(request.providerId());
        URI samlUrl = URI.create(request.samlUrl());
        IdpWebClient web = clients.compute(request.sessionId(), (id, jar) -> jar != null
                && jar.samlUrl().equals(request.samlUrl()) && java.util.Objects.equals(jar.username(), request.username())
                ? jar : new Jar(request.samlUrl(), request.username(), new IdpWebClient(json, config.idpTimeout())))
                .web();
        SessionPrompter prompter = new SessionPrompter(request.sessionId(), challenges, progress,
                keyring.forIdp(request.providerId(), samlUrl), config.answerTimeout(), request.attended());
        try {
            String samlResponse = login.obtainSamlResponse(new HeadlessLogin.Context(samlUrl, request.username(),
                    prompter, web));
            prompter.succeeded();
            return samlResponse;
        } finally {
            prompter.ended();
        }
    }

    /** Forgets the IdP session kept for this session (logout, delete): its next login signs in again. */
    boolean forget(String sessionId) {
        return clients.remove(sessionId) != null;
    }
}
