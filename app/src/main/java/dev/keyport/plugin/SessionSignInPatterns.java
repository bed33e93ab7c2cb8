package dev.keyport.plugin;

import dev.keyport.browser.SignInPatterns;
import dev.keyport.spi.IdpProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A session's effective browser patterns, computed in one place: the provider's own (through its guard), then the
 * provider's settings ({@code keyport.providers.<id>.login-page-patterns}, {@code ...assertion-consumer-patterns}),
 * then the ones configured for every session ({@code keyport.browser.login-page-patterns},
 * {@code keyport.browser.assertion-consumer-patterns}), then the session's own. Assertion consumers always start with
 * AWS's sign-in endpoints of the three partitions.
 */
@Singleton
public class SessionSignInPatterns {
    /** Where AWS receives SAML responses: aws, aws-us-gov, aws-cn. */
    public static final List<String> AWS_SIGNIN = List.of(
            "https://signin.aws.amazon.com/*", "https://*.signin.aws.amazon.com/*",
            "https://signin.amazonaws-us-gov.com/*", "https://*.signin.amazonaws-us-gov.com/*",
            "https://signin.amazonaws.cn/*", "https://*.signin.amazonaws.cn/*");
    static final String LOGIN_PAGE_PATTERNS = "login-page-patterns";
    static final String ASSERTION_CONSUMER_PATTERNS = "assertion-consumer-patterns";
    private static final Logger LOG = Logger.getLogger(SessionSignInPatterns.class);

    private final ProviderRegistry providers;
    private final List<String> everySessionSignIn;
    private final List<String> everySessionConsumers;

    @Inject
    public SessionSignInPatterns(ProviderRegistry providers, SignInPatternsConfig config) {
        this(providers, config.loginPagePatterns(), config.assertionConsumerPatterns());
    }

    /** Wired by hand (tests): patterns configured for every session. */
    public SessionSignInPatterns(ProviderRegistry providers, Optional<List<String>> signIn, Optional<List<String>> consumers) {
        this.providers = providers;
        this.everySessionSignIn = signIn.orElse(List.of());
        this.everySessionConsumers = consumers.orElse(List.of());
    }

    /**
     * @param providerId the session's provider; null to take the one that recognises {@code samlUrl}
     * @param signIn     the session's own sign-in page regexes
     * @param consumers  the session's own assertion-consumer patterns
     */
    public SignInPatterns forSession(String providerId, String samlUrl, List<String> signIn, List<String> consumers) {
        Optional<IdpProvider> provider = providerId != null ? providers.byId(providerId)
                : providers.detectFromLoginUrl(URI.create(samlUrl));
        Optional<dev.keyport.spi.ProviderSettings> settings = provider.flatMap(p -> providers.settingsOf(p.id()));
        List<String> pages = new ArrayList<>(provider.map(IdpProvider::loginPagePatterns).orElse(List.of()));
        pages.addAll(settings.map(s -> s.list(LOGIN_PAGE_PATTERNS)).orElse(List.of()));
        pages.addAll(everySessionSignIn);
        pages.addAll(signIn);
        List<String> acs = new ArrayList<>(AWS_SIGNIN);
        acs.addAll(provider.map(IdpProvider::assertionConsumerPatterns).orElse(List.of()));
        acs.addAll(settings.map(s -> s.list(ASSERTION_CONSUMER_PATTERNS)).orElse(List.of()));
        acs.addAll(everySessionConsumers);
        acs.addAll(consumers);
        return new SignInPatterns(compiled(pages), acs);
    }

    /** A login at a URL with nothing of a session's own (tests, and sign-ins that are no session's). */
    public SignInPatterns forUrl(String samlUrl) {
        return forSession(null, samlUrl, List.of(), List.of());
    }

    private static List<Pattern> compiled(List<String> sources) {
        List<Pattern> patterns = new ArrayList<>();
        for (String source : sources) {
            try {
                patterns.add(Pattern.compile(source));
            } catch (PatternSyntaxException e) {
                LOG.warnf("Ignoring sign-in page pattern '%s': %s", source, e.getDescription());
            }
        }
        return patterns;
    }
}
