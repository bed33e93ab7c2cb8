package dev.keyport.spi;

import java.net.URI;

/**
 * A sign-in that talks to the IdP's API instead of showing its pages in a browser, and ends with the SAMLResponse the
 * IdP would have posted to AWS. Offered through {@link IdpProvider#headlessLogin()}.
 *
 * <p>Whatever the user types goes through the {@link LoginPrompter}; an implementation never stores it, never logs it
 * and never puts it (or the IdP's tokens, or the SAMLResponse) into an exception message.
 *
 * @since SPI 1.2
 */
public interface HeadlessLogin {

    /**
     * Signs the user in and returns the base64 SAMLResponse for the AWS app behind {@code samlUrl}.
     *
     * @param samlUrl  the session's SAML 2.0 URL (where the browser flow would start)
     * @param prompter asks the user for what the IdP wants (user name, password, one-time code, factor) and shows
     *                 what the user must see (the number to pick in a push notification)
     * @return the base64 SAMLResponse, exactly as the IdP produced it
     * @throws KeyportException {@link ErrorCategory#REJECTED} when the IdP refuses the credentials or the second
     *                          factor, {@link ErrorCategory#UNAVAILABLE} when it cannot be reached,
     *                          {@link ErrorCategory#CONFLICT} when the user cancels a prompt
     */
    String obtainSamlResponse(URI samlUrl, LoginPrompter prompter);
}
