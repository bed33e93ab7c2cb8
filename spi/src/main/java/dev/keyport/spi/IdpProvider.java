package dev.keyport.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An identity provider Keyport can federate through (Google Workspace, Okta, OneLogin, Azure AD, or a third party's).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.keyport.spi.IdpProvider}. A provider is created once per daemon and may be called from
 * several threads. Declare the {@code keyport-spi} dependency as {@code provided}: the host supplies it.
 *
 * <p>Methods added in later SPI versions come with default implementations, so a provider built against an older
 * minor version keeps working (see {@link SpiVersion}). The host calls every method through one guard: the
 * provider's class loader is the thread's context class loader, an exception or linkage error counts as "no opinion"
 * (not recognised, no quirk, the default) and is logged once, and a {@code null} answer counts as the default. Nothing
 * a provider throws stops a session or the daemon.
 *
 * <p>What a provider tells Keyport, by group:
 * <ul>
 *   <li>recognition: {@link #recognisesLoginUrl}, {@link #recognisesIssuer};</li>
 *   <li>the browser flow: {@link #loginPagePatterns}, {@link #assertionConsumerPatterns};</li>
 *   <li>assertion quirks: {@link #normaliseRoleValue}, {@link #isPlaceholderRoleValue},
 *       {@link #attributeAliases};</li>
 *   <li>an optional sign-in without a browser: {@link #headlessLogin};</li>
 *   <li>its own settings: {@link #configure};</li>
 *   <li>session lifecycle events: {@link #onSessionEvent}.</li>
 * </ul>
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
     * Rewrites one raw value of the AWS {@code Role} attribute before Keyport splits it. Keyport already trims
     * whitespace, drops empty comma-separated items (a trailing comma) and tells the role ARN from the SAML provider
     * ARN by content, whatever their order, so most IdPs need nothing here. Override it for an IdP whose values need
     * rewriting first (a prefix, another separator). Return the value unchanged when nothing applies.
     *
     * @param value the attribute value's text exactly as in the assertion, never null
     * @since SPI 1.2
     */
    default String normaliseRoleValue(String value) {
        return value;
    }

    /**
     * Whether a value of the AWS {@code Role} attribute is this IdP's placeholder for "no AWS role" rather than a
     * role (OneLogin sends {@code Default} for a user without one). Keyport skips it, and a start that finds nothing
     * else tells the user that the IdP assigned them no AWS role.
     *
     * @param value the value after {@link #normaliseRoleValue(String)}, never null
     * @since SPI 1.2
     */
    default boolean isPlaceholderRoleValue(String value) {
        return false;
    }

    /**
     * Other attribute names under which this IdP sends an AWS SAML attribute's values, mapped to the AWS name (for
     * example Azure AD's {@code http://schemas.microsoft.com/ws/2008/06/identity/claims/role} →
     * {@code https://aws.amazon.com/SAML/Attributes/Role}). AWS reads only its own names, so Keyport never uses a
     * value found only under an alias: it recognises the copies as expected, and when the AWS attribute is missing it
     * tells the user that the IdP sends the data under the wrong name.
     *
     * @since SPI 1.2
     */
    default Map<String, String> attributeAliases() {
        return Map.of();
    }

    /**
     * A sign-in through the IdP's API, without a browser, where the IdP offers one (Okta's Authentication API,
     * OneLogin's REST API). Empty by default: the browser flow is used.
     *
     * @since SPI 1.2
     */
    default Optional<HeadlessLogin> headlessLogin() {
        return Optional.empty();
    }

    /**
     * The provider's own settings ({@code keyport.providers.<id>.*}), handed over once when the host loads the
     * provider, before any other call but {@link #id()}. A provider that has no settings ignores it.
     *
     * @since SPI 1.3
     */
    default void configure(ProviderSettings settings) {
    }

    /**
     * Called for every session lifecycle event, after the credentials writer has handled it. Must not block for long;
     * a failure here is logged and does not affect the session.
     */
    default void onSessionEvent(SessionEvent event) {
    }
}
