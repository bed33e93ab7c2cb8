package dev.keyport.spi;

import java.net.URI;
import java.util.List;

/**
 * An identity provider Keyport can federate through (Google Workspace, Okta, OneLogin, Azure AD, or a third party's).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.keyport.spi.IdpProvider}. A provider is created once per daemon and may be called from
 * several threads. Declare the {@code keyport-spi} dependency as {@code provided}: the host supplies it.
 *
 * <p>Methods added in later SPI versions come with default implementations, so a provider built against an older
 * minor version keeps working (see {@link SpiVersion}).
 */
public interface IdpProvider {

    /** Stable, lower-case identifier, e.g. {@code "okta"}. Sessions and configuration refer to it. */
    String id();

    /** Human-readable name, e.g. {@code "Okta"}. */
    String displayName();

    /**
     * Whether this IdP serves the given SAML 2.0 login URL (where a session's login flow starts). Used to pick the
     * provider of a session that does not name one.
     */
    boolean recognisesLoginUrl(URI samlUrl);

    /** Whether an assertion with this {@code <Issuer>} value was most likely issued by this IdP. */
    default boolean recognisesIssuer(String issuer) {
        return false;
    }

    /**
     * Regular expressions for URLs where this IdP shows its sign-in page. When a background (headless) login lands on
     * one, Keyport continues in a visible window at once instead of waiting for its timeout. Match the page the user
     * signs in on, not the SAML endpoint itself, or silent refreshes would always open a window.
     *
     * @since SPI 1.1
     */
    default List<String> loginPagePatterns() {
        return List.of();
    }

    /**
     * Extra places, as DevTools Fetch URL patterns (e.g. {@code "https://aws-proxy.example.com/saml*"}), where this
     * IdP posts SAML responses besides the AWS sign-in endpoints of the three partitions, which are always watched.
     *
     * @since SPI 1.1
     */
    default List<String> assertionConsumerPatterns() {
        return List.of();
    }

    /**
     * Called for every session lifecycle event, after the credentials writer has handled it. Must not block for long;
     * a failure here is logged and does not affect the session.
     */
    default void onSessionEvent(SessionEvent event) {
    }
}
