package dev.keyport.login;

import dev.keyport.session.FederatedSession;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

/**
 * Gets a SAMLResponse for a session's start. Today the only flow is the supplied assertion (the caller hands in what
 * the IdP posted); browser and headless IdP logins plug in here.
 */
@Singleton
public class LoginService {

    /**
     * Refuses before anything changes when no login flow can serve this start.
     *
     * @param suppliedSamlResponse the assertion handed in with the start, or null
     */
    public void checkCanLogin(FederatedSession session, String suppliedSamlResponse) {
        if (suppliedSamlResponse == null || suppliedSamlResponse.isBlank()) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                    + "' cannot log in by itself yet: supply the IdP's SAML response with the start, as"
                    + " {\"samlResponse\": \"<base64>\"} (use POST /api/v1/assertions/inspect to check one first).");
        }
    }

    /** The SAMLResponse to use, exactly as supplied. */
    public String obtainSamlResponse(FederatedSession session, String suppliedSamlResponse) {
        checkCanLogin(session, suppliedSamlResponse);
        return suppliedSamlResponse;
    }
}
