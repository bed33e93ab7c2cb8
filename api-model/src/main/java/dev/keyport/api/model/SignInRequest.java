package dev.keyport.api.model;

/**
 * {@code POST /api/v1/assertions/sign-in}: sign in once at an IdP's SAML URL.
 *
 * @param samlUrl    where the sign-in starts
 * @param loginFlow  BROWSER (the default) or HEADLESS (the IdP's API: Okta, OneLogin)
 * @param providerId for HEADLESS: the provider (default: detected from the SAML URL)
 * @param username   for HEADLESS: the IdP user name (asked when absent)
 * @param signInId   for HEADLESS: an id the client makes up (16 to 64 letters, digits or '-'), under which the
 *                   sign-in's questions are read and answered: {@code .../sign-in/{signInId}/challenge}
 */
public record SignInRequest(String samlUrl, LoginFlow loginFlow, String providerId, String username,
                            String signInId) {

    /** A browser sign-in. */
    public SignInRequest(String samlUrl) {
        this(samlUrl, null, null, null, null);
    }
}
