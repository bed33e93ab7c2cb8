package dev.keyport.browser;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How Keyport signs in through a real browser. *
 * <p>Which pages count as sign-in pages and where SAML responses are taken is not a browser setting: the plugin
 * package computes it per session ({@code plugin.SessionSignInPatterns}) and hands it over with the login.
 */
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
}
