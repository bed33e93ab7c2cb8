package dev.keyport.browser;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How Keyport signs in through a real browser. */
@ConfigMapping(prefix = "keyport.browser")
public interface BrowserConfig {

    /**
     * The Chromium-family executable (Chromium, Chrome, Edge, Brave). Default: the first one found in the usual
     * places (see {@link BrowserLocator}).
     */
    Optional<String> path();

    /**
     * How long a login may run in the background (headless, reusing the IdP's cookies) before it continues in a
     * visible window. A sign-in page recognised by URL switches at once.
     */
    @WithDefault("PT10S")
    Duration backgroundTimeout();

    /** The longest a whole login may take, the user's typing and MFA included. */
    @WithDefault("PT5M")
    Duration loginTimeout();

    /**
     * Whether the sign-in window is shown. {@code false} keeps it headless even when the user must act, which only
     * makes sense where something else drives the page (automated tests on machines without a display).
     */
    @WithDefault("true")
    boolean showWindow();

    /** Extra regular expressions for IdP sign-in page URLs, on top of the session's provider's. */
    Optional<List<String>> loginPagePatterns();

    /**
     * Extra DevTools Fetch URL patterns where SAML responses are posted, on top of the AWS sign-in endpoints of the
     * three partitions and the provider's own.
     */
    Optional<List<String>> assertionConsumerPatterns();

    /**
     * Extra patterns for the sessions of one provider, by provider id: e.g.
     * {@code keyport.browser.providers.generic.login-page-patterns=/adfs/ls/.*} for every ADFS session.
     */
    Map<String, ProviderPatterns> providers();

    /** Patterns added to one provider's own. */
    interface ProviderPatterns {
        /** Regular expressions for the provider's sign-in page URLs. */
        Optional<List<String>> loginPagePatterns();

        /** DevTools Fetch URL patterns where the provider posts SAML responses. */
        Optional<List<String>> assertionConsumerPatterns();
    }
}
