package dev.keyport.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BrowserConfig} values for code that builds a {@link BrowserLogin} by hand (tests, benchmark). */
record TestBrowserConfig(Optional<String> path, Duration backgroundTimeout, Duration loginTimeout, boolean showWindow,
                         Optional<List<String>> loginPagePatterns, Optional<List<String>> assertionConsumerPatterns,
                         Map<String, ProviderPatterns> providers)
        implements BrowserConfig {

    /** Headless, the system's browser, the given timeouts and sign-in page patterns. */
    static TestBrowserConfig headless(Duration background, Duration overall, List<String> signInPages) {
        return new TestBrowserConfig(Optional.empty(), background, overall, false, Optional.of(signInPages),
                Optional.empty(), Map.of());
    }
}
