package dev.keyport.browser;

import dev.keyport.daemon.KeyportHome;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.plugin.SessionSignInPatterns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link BrowserConfig} values for code that builds a {@link BrowserLogin} by hand (tests, benchmark). */
record TestBrowserConfig(Optional<String> path, Duration backgroundTimeout, Duration loginTimeout, boolean showWindow)
        implements BrowserConfig {

    /** Headless, the system's browser, the given timeouts. */
    static TestBrowserConfig headless(Duration background, Duration overall) {
        return new TestBrowserConfig(Optional.empty(), background, overall, false);
    }

    /**
     * A login at {@code samlUrl} with the patterns the daemon would give it, plus {@code signInPages} configured for
     * every session ({@code keyport.browser.login-page-patterns}).
     */
    static BrowserLogin.Target target(KeyportHome home, String samlUrl, List<String> signInPages) {
        SignInPatterns patterns = new SessionSignInPatterns(new ProviderRegistry(home, Optional::empty),
                Optional.of(signInPages), Optional.empty()).forUrl(samlUrl);
        return new BrowserLogin.Target(samlUrl, patterns);
    }
}
