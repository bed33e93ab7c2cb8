package dev.keyport.login;

import dev.keyport.browser.BrowserLogin;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

/**
 * Gets a SAMLResponse for a session's start: the one handed in with the start (supplied-assertion flow); else, for a
 * session whose login flow is HEADLESS, a sign-in through the IdP's API ({@link HeadlessSignIn}); else a sign-in
 * through the system browser, in the background when the IdP still knows the user and in a window when not.
 */
@Singleton
public class LoginService {
    private final BrowserLogin browser;
    private final HeadlessSignIn headless;

    public LoginService(BrowserLogin browser, HeadlessSignIn headless) {
        this.browser = browser;
        this.headless = headless;
    }

    /**
     * Refuses, before anything changes, a start that no login flow can serve: an empty assertion, or no assertion and
     * no browser (for the browser flow) or no headless login (for the headless one).
     *
     * @param suppliedSamlResponse the assertion handed in with the start, or null
     * @param flow                 the session's login flow
     * @param providerId           the session's provider
     */
    public void checkCanLogin(String suppliedSamlResponse, LoginFlow flow, String providerId) {
        if (suppliedSamlResponse != null && suppliedSamlResponse.isBlank()) {
            // An empty assertion is a mistake (an empty file, a failed capture), never a request to sign in instead.
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The samlResponse is empty. Pass the base64"
                    + " SAMLResponse your identity provider posted, or leave samlResponse out to sign in through the"
                    + " browser.");
        }
        if (supplied(suppliedSamlResponse)) {
            return;
        }
        if (flow == LoginFlow.HEADLESS) {
            headless.loginOf(providerId);
        } else {
            browser.checkAvailable();
        }
    }

    /** The SAMLResponse to use: exactly as supplied, or as the IdP posted it to AWS in the browser. */
    public String obtainSamlResponse(LoginRequest request, String suppliedSamlResponse, LoginProgress progress) {
        if (supplied(suppliedSamlResponse)) {
            return suppliedSamlResponse;
        }
        if (request.flow() == LoginFlow.HEADLESS) {
            return headless.obtainSamlResponse(request, progress);
        }
        return browser.login(new BrowserLogin.Target(request.samlUrl(), request.patterns()), progress::waitingForUser);
    }

    /**
     * Forgets the IdP sign-in kept for a session: its headless cookies, and the browser profile of its SAML URL (which
     * the sessions signing in there through the browser share). The next login asks.
     */
    public boolean logout(String sessionId, String samlUrl) {
        boolean headlessForgot = headless.forget(sessionId);
        return browser.forget(samlUrl) || headlessForgot;
    }

    /** The session is gone: nothing kept for its headless sign-in stays. */
    public void forgetSession(String sessionId) {
        headless.forget(sessionId);
    }

    private static boolean supplied(String samlResponse) {
        return samlResponse != null && !samlResponse.isBlank();
    }
}
