package dev.keyport.login;

import dev.keyport.browser.BrowserLogin;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

/**
 * Gets a SAMLResponse for a session's start: the one handed in with the start (supplied-assertion flow), else a
 * sign-in through the system browser, in the background when the IdP still knows the user and in a window when not.
 */
@Singleton
public class LoginService {
    private final BrowserLogin browser;

    public LoginService(BrowserLogin browser) {
        this.browser = browser;
    }

    /**
     * Refuses, before anything changes, a start that no login flow can serve: an empty assertion, or no assertion and
     * no browser.
     *
     * @param suppliedSamlResponse the assertion handed in with the start, or null
     */
    public void checkCanLogin(String suppliedSamlResponse) {
        if (suppliedSamlResponse != null && suppliedSamlResponse.isBlank()) {
            // An empty assertion is a mistake (an empty file, a failed capture), never a request to sign in instead.
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The samlResponse is empty. Pass the base64"
                    + " SAMLResponse your identity provider posted, or leave samlResponse out to sign in through the"
                    + " browser.");
        }
        if (!supplied(suppliedSamlResponse)) {
            browser.checkAvailable();
        }
    }

    /** The SAMLResponse to use: exactly as supplied, or as the IdP posted it to AWS in the browser. */
    public String obtainSamlResponse(LoginRequest request, String suppliedSamlResponse, LoginProgress progress) {
        if (supplied(suppliedSamlResponse)) {
            return suppliedSamlResponse;
        }
        return browser.login(new BrowserLogin.Target(request.samlUrl(), request.patterns()), progress::waitingForUser);
    }

    /** Forgets the IdP's sign-in kept for this SAML URL; the next login asks the user again. */
    public boolean logout(String samlUrl) {
        return browser.forget(samlUrl);
    }

    private static boolean supplied(String samlResponse) {
        return samlResponse != null && !samlResponse.isBlank();
    }
}
