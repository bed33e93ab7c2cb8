package dev.keyport.spi;

import java.net.URI;

/**
 * A sign-in that talks to the IdP's API instead of showing its pages in a browser, and ends with the SAMLResponse the
 * IdP would have posted to AWS. Offered through {@link IdpProvider#headlessLogin()}.
 *
 * <p>Whatever the user types goes through the {@link LoginPrompter}; an implementation never stores it, never logs it
 * and never puts it (or the IdP's tokens, or the SAMLResponse) into an exception message.
 *
 * <p>Implement {@link #obtainSamlResponse(Context)} (SPI 1.4); the two-argument form is what SPI 1.2 offered, and the
 * host calls it only through the default of the other.
 *
 * @since SPI 1.2
 */
public interface HeadlessLogin {

    /**
     * What a login works with.
     *
     * @param samlUrl  the session's SAML 2.0 URL (where the browser flow would start); the IdP's org or app comes
     *                 from it
     * @param username the user name the session was configured with, or null (then ask for it)
     * @param prompter asks the user for what the IdP wants and shows what the user must see
     * @param web      the session's web client; it keeps the IdP's cookies from one login of the session to the next
     * @since SPI 1.4
     */
    record Context(URI samlUrl, String username, LoginPrompter prompter, IdpWeb web) {
    }

    /**
     * Signs the user in and returns the base64 SAMLResponse for the AWS app behind the context's SAML URL. A login
     * whose IdP session is still valid (a cookie in {@link Context#web()}) should use it and ask nothing.
     *
     * @return the base64 SAMLResponse, exactly as the IdP produced it
     * @throws KeyportException {@link ErrorCategory#REJECTED} when the IdP refuses the credentials or the second
     *                          factor, {@link ErrorCategory#UNAVAILABLE} when it cannot be reached,
     *                          {@link ErrorCategory#CONFLICT} when the user cancels a prompt or does not answer
     * @since SPI 1.4
     */
    default String obtainSamlResponse(Context context) {
        return obtainSamlResponse(context.samlUrl(), context.prompter());
    }

    /**
     * The SPI 1.2 form, without a user name or web client. Override {@link #obtainSamlResponse(Context)} instead.
     *
     * @param samlUrl  the session's SAML 2.0 URL (where the browser flow would start)
     * @param prompter asks the user for what the IdP wants and shows what the user must see
     * @return the base64 SAMLResponse, exactly as the IdP produced it
     */
    default String obtainSamlResponse(URI samlUrl, LoginPrompter prompter) {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither form of"
                + " HeadlessLogin.obtainSamlResponse");
    }
}
