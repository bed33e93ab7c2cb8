package dev.keyport.plugin;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in pattern settings, under the {@code keyport.browser} names users know; {@link SessionSignInPatterns} turns them,
 * with the provider's and the session's own, into a session's effective patterns.
 */
@ConfigMapping(prefix = "keyport.browser")
public interface SignInPatternsConfig {

    /** Extra regular expressions for IdP sign-in page URLs, for every session. */
    Optional<List<String>> loginPagePatterns();

    /**
     * Extra DevTools Fetch URL patterns where SAML responses are posted, for every session (on top of the AWS sign-in
     * endpoints of the three partitions and the provider's own).
     */
    Optional<List<String>> assertionConsumerPatterns();

    /**
     * The older names of two provider settings, by provider id: {@code keyport.browser.providers.<id>.login-page-patterns}
     * and {@code ...assertion-consumer-patterns}, read where {@code keyport.providers.<id>.*} does not set them.
     */
    Map<String, ProviderPatterns> providers();

    /** Patterns added to one provider's own. */
    interface ProviderPatterns {
        Optional<List<String>> loginPagePatterns();

        Optional<List<String>> assertionConsumerPatterns();
    }
}
