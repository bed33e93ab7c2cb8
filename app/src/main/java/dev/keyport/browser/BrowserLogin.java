package dev.keyport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyport.browser.cdp.CdpConnection;
import dev.keyport.browser.cdp.CdpException;
import dev.keyport.browser.cdp.CdpPage;
import dev.keyport.browser.cdp.ChromiumLauncher;
import dev.keyport.browser.cdp.ChromiumProcess;
import dev.keyport.browser.cdp.FormFields;
import dev.keyport.browser.cdp.PausedRequest;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Signs in through the system's Chromium over the DevTools protocol and captures the SAMLResponse the IdP posts to
 * AWS, without letting anything reach AWS.
 *
 * <p>One browser, one page, one IdP round trip per start. The browser starts out of sight on the IdP URL's own
 * profile; when the IdP still knows the user it posts the assertion at once and nobody sees anything (silent
 * refresh). When the page lands on a sign-in page (the provider's patterns) or nothing is captured within
 * {@code keyport.browser.background-timeout}, the same page is brought on screen and the session waits for the user.
 * Leapp instead probed in a hidden window and then started over in a visible one, which sent Okta users two MFA
 * pushes (leapp #469); here the page is never navigated twice.
 *
 * <p>Every request to an AWS sign-in host is paused before it leaves the browser: the SAML POST is answered locally
 * and everything else (the favicon request, say) is failed.
 */
@Singleton
public class BrowserLogin {
    private static final Logger LOG = Logger.getLogger(BrowserLogin.class);

    /** The AWS SAML sign-in endpoints of the three partitions, regional hosts included. */
    static final List<String> AWS_SIGNIN_PATTERNS = List.of(
            "https://signin.aws.amazon.com/*", "https://*.signin.aws.amazon.com/*",
            "https://signin.amazonaws-us-gov.com/*", "https://*.signin.amazonaws-us-gov.com/*",
            "https://signin.amazonaws.cn/*", "https://*.signin.amazonaws.cn/*");
    public static final String WAITING_FOR_USER = "waiting for you to sign in in the browser window";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] CAPTURED_PAGE = ("<!doctype html><meta charset=utf-8><title>Keyport</title>"
            + "<p style=\"font-family:sans-serif\">Keyport received your sign-in. You can close this window.")
            .getBytes(StandardCharsets.UTF_8);

    private final BrowserConfig config;
    private final BrowserProfiles profiles;
    private final ProviderRegistry providers;
    private final ConcurrentMap<Path, Semaphore> profileLocks = new ConcurrentHashMap<>();
    /**
     * Closes browsers after a capture. Chromium takes a second or more to exit, and nothing in the start needs to
     * wait for it; the profile stays locked until the browser is gone, since Chromium refuses a second instance on it.
     */
    private final ExecutorService closer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keyport-browser-close");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<LoginWindow>> windowListeners = new CopyOnWriteArrayList<>();

    public BrowserLogin(BrowserConfig config, BrowserProfiles profiles, ProviderRegistry providers) {
        this.config = config;
        this.profiles = profiles;
        this.providers = providers;
    }

    /**
     * The page the user is asked to sign in on, handed to window listeners when a login needs the user.
     *
     * @param samlUrl the IdP URL being signed in to
     * @param trigger why the user is needed: {@link #SIGN_IN_PAGE} or {@link #BACKGROUND_TIMEOUT}
     * @param page    the page (for automation in tests, or a future UI); never holds a secret by itself
     */
    public record LoginWindow(String samlUrl, String trigger, CdpPage page) {
        /** The page reached one of the provider's (or the user's) sign-in page patterns. */
        public static final String SIGN_IN_PAGE = "sign-in page";
        /** Nothing was captured within keyport.browser.background-timeout. */
        public static final String BACKGROUND_TIMEOUT = "background timeout";
    }

    /** Called (on the login's thread) each time a login brings its window up for the user. */
    public CdpConnection.Subscription onLoginWindow(Consumer<LoginWindow> listener) {
        windowListeners.add(listener);
        return () -> windowListeners.remove(listener);
    }

    /** @throws KeyportException (UNAVAILABLE) when no browser can be found, saying how to install one */
    public void checkAvailable() {
        BrowserLocator.locate(config.path());
    }

    /**
     * Wipes the browser profile of a SAML URL, once no browser uses it (one still closing after a capture is waited
     * for); true if there was one.
     */
    public boolean forget(String samlUrl) {
        Semaphore lock = lockFor(profiles.profileFor(samlUrl));
        try {
            // A browser that is only closing after a capture is gone within seconds; a login in progress is not.
            if (!lock.tryAcquire(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new KeyportException(ErrorCategory.CONFLICT, "A sign-in with " + samlUrl
                        + " is running; log out once it has finished.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.CONFLICT, "Interrupted while waiting to log out.");
        }
        try {
            return profiles.wipe(samlUrl);
        } finally {
            lock.release();
        }
    }

    /**
     * Runs the IdP login at a SAML URL and returns the SAMLResponse exactly as the IdP posted it.
     *
     * @param waitingForUser told, with a reason, when the login waits for the user
     *
     * @throws KeyportException when the IdP cannot be reached, the user closes the window, or time runs out
     */
    public String login(Target target, Consumer<String> waitingForUser) {
        Path executable = BrowserLocator.locate(config.path());
        Instant deadline = Instant.now().plus(config.loginTimeout());
        Path profile = profiles.ensureProfile(target.samlUrl());
        Semaphore lock = lockFor(profile);
        try {
            if (!lock.tryAcquire(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
                throw timeout(target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(target);
        }
        boolean handedToCloser = false;
        try {
            boolean window = config.showWindow() && hasDisplay();
            ChromiumProcess browser = launch(executable, profile, window);
            try {
                String samlResponse = loginWith(browser, target, window, deadline, waitingForUser);
                try {
                    closer.execute(() -> {
                        try {
                            browser.close();
                        } finally {
                            lock.release();
                        }
                    });
                    handedToCloser = true;
                } catch (RejectedExecutionException shuttingDown) {
                    // the daemon is stopping: close here, below
                }
                return samlResponse;
            } finally {
                if (!handedToCloser) {
                    browser.close();
                }
            }
        } finally {
            if (!handedToCloser) {
                lock.release();
            }
        }
    }

    /**
     * What a login is for.
     *
     * @param samlUrl                   where the IdP login starts
     * @param providerId                the provider whose patterns apply (null: detect it from the URL)
     * @param loginPagePatterns         extra sign-in page regexes (the session's own)
     * @param assertionConsumerPatterns extra URL patterns where SAML responses are posted (the session's own)
     */
    public record Target(String samlUrl, String providerId, List<String> loginPagePatterns,
                         List<String> assertionConsumerPatterns) {
        public Target {
            loginPagePatterns = loginPagePatterns == null ? List.of() : List.copyOf(loginPagePatterns);
            assertionConsumerPatterns = assertionConsumerPatterns == null ? List.of() : List.copyOf(assertionConsumerPatterns);
        }

        /** A login at a URL with no patterns of its own. */
        public static Target of(String samlUrl) {
            return new Target(samlUrl, null, List.of(), List.of());
        }
    }

    private static ChromiumProcess launch(Path executable, Path profile, boolean window) {
        keepSessionCookies(profile);
        ChromiumLauncher launcher = new ChromiumLauncher(executable, profile).headless(!window)
                .extraArgs(window ? List.of("--window-position=-32000,-32000", "--window-size=960,760") : List.of());
        try {
            return launcher.launch();
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not start the browser " + executable + " ("
                    + e.getMessage() + "). Set keyport.browser.path to a working Chromium or Chrome.", e);
        }
    }

    private String loginWith(ChromiumProcess browser, Target target, boolean window, Instant deadline,
                             Consumer<String> waitingForUser) {
        // A tab of our own: with "continue where you left off" the restored first tab can take seconds to appear.
        CdpPage page = await(CdpPage.create(browser.connection()), STEP_TIMEOUT, target);
        closeOtherTabs(browser.connection(), page, target);
        CompletableFuture<String> captured = new CompletableFuture<>();
        CompletableFuture<String> signInPage = new CompletableFuture<>();
        List<Pattern> signInPatterns = signInPatterns(target);
        page.onRequestPaused(request -> answer(page, request, captured));
        page.onMainFrameNavigated(url -> {
            if (signInPatterns.stream().anyMatch(p -> p.matcher(url).find())) {
                signInPage.complete(url);
            }
        });
        await(page.enableFetch(acsPatterns(target)), STEP_TIMEOUT, target);
        Optional<String> navigationError = await(page.navigate(target.samlUrl()), remaining(deadline), target);
        if (navigationError.isPresent()) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not open the IdP's sign-in page "
                    + target.samlUrl() + " (" + navigationError.get() + "). Check that the IdP is reachable from"
                    + " this computer (network, VPN, proxy) and that samlUrl is right.");
        }

        Duration background = min(config.backgroundTimeout(), remaining(deadline));
        try {
            CompletableFuture.anyOf(captured, signInPage, page.closed()).get(background.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillNothing) {
            // the IdP wants something from the user, or is slow: show the page
        } catch (ExecutionException | InterruptedException e) {
            throw cancelled(target);
        }
        if (captured.isDone()) {
            return finish(page, captured.join());
        }
        if (page.closed().isDone()) {
            throw cancelled(target);
        }

        if (config.showWindow() && !window) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + target.samlUrl()
                    + " wants you to sign in, but Keyport found no display to show the browser window on"
                    + " (DISPLAY and WAYLAND_DISPLAY are unset). Start the daemon in your desktop session, or"
                    + " supply the SAML response with the start.");
        }
        if (window) {
            bringToFront(browser.connection(), page, target);
        }
        LOG.infof("Waiting for the user to sign in at %s (%s)", hostOf(target.samlUrl()),
                signInPage.isDone() ? "sign-in page" : "nothing after " + background.toSeconds() + " s");
        waitingForUser.accept(WAITING_FOR_USER);
        String trigger = signInPage.isDone() ? LoginWindow.SIGN_IN_PAGE : LoginWindow.BACKGROUND_TIMEOUT;
        LoginWindow loginWindow = new LoginWindow(target.samlUrl(), trigger, page);
        windowListeners.forEach(l -> l.accept(loginWindow));
        try {
            CompletableFuture.anyOf(captured, page.closed()).get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timeout(target);
        } catch (ExecutionException | InterruptedException e) {
            throw cancelled(target);
        }
        if (captured.isDone()) {
            return finish(page, captured.join());
        }
        throw cancelled(target);
    }

    /** Returns once no browser uses the SAML URL's profile (one closing after a capture has exited). */
    void awaitIdle(String samlUrl) throws InterruptedException {
        Semaphore lock = lockFor(profiles.profileFor(samlUrl));
        lock.acquire();
        lock.release();
    }

    @PreDestroy
    void closeBrowsers() {
        closer.shutdown();
        try {
            closer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SAML POST is answered locally and captured; every other request to the watched hosts is failed. */
    private static void answer(CdpPage page, PausedRequest request, CompletableFuture<String> captured) {
        Optional<String> samlResponse = "POST".equalsIgnoreCase(request.method())
                ? FormFields.field(request, "SAMLResponse") : Optional.empty();
        if (samlResponse.isPresent() && !captured.isDone()) {
            page.fulfill(request.requestId(), 200, Map.of("Content-Type", "text/html; charset=utf-8"), CAPTURED_PAGE);
            captured.complete(samlResponse.get());
        } else {
            page.fail(request.requestId());
        }
    }

    /**
     * Leaves the page on about:blank before the browser closes, so the profile's last session never points at an
     * AWS sign-in URL that a later start would reopen.
     */
    private static String finish(CdpPage page, String samlResponse) {
        try {
            page.navigate("about:blank").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException | CdpException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the capture is what matters; the browser is closed next anyway
        }
        return samlResponse;
    }

    /**
     * IdPs often keep their sign-in in session cookies, which Chromium drops when it exits unless the profile
     * "continues where it left off". Without this a refresh could never be silent, since each start is a new browser.
     */
    static void keepSessionCookies(Path profile) {
        Path preferences = profile.resolve("Default").resolve("Preferences");
        if (Files.exists(preferences)) {
            return;
        }
        try {
            Files.createDirectories(preferences.getParent());
            Files.writeString(preferences, "{\"session\":{\"restore_on_startup\":1},"
                    + "\"profile\":{\"exit_type\":\"Normal\",\"exited_cleanly\":true}}");
        } catch (IOException e) {
            LOG.debugf("Could not preset %s: %s", preferences, e.getMessage());
        }
    }

    /** Closes the restored tabs, so the profile's saved session never grows from one login to the next. */
    private void closeOtherTabs(CdpConnection connection, CdpPage page, Target target) {
        JsonNode targets = await(connection.send("Target.getTargets", null), STEP_TIMEOUT, target);
        for (JsonNode info : targets.path("targetInfos")) {
            String id = info.path("targetId").asText();
            if ("page".equals(info.path("type").asText()) && !id.equals(page.targetId())) {
                connection.send("Target.closeTarget", JsonNodeFactory.instance.objectNode().put("targetId", id));
            }
        }
    }

    private static void bringToFront(CdpConnection connection, CdpPage page, Target target) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        try {
            int windowId = connection.send("Browser.getWindowForTarget", json.objectNode().put("targetId", page.targetId()))
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("windowId").asInt();
            ObjectNode bounds = json.objectNode().put("left", 120).put("top", 80).put("width", 960).put("height", 760)
                    .put("windowState", "normal");
            connection.send("Browser.setWindowBounds", json.objectNode().put("windowId", windowId).set("bounds", bounds))
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            page.send("Page.bringToFront", json.objectNode()).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CdpException e) {
            LOG.warnf("Could not bring the sign-in window for %s to the front: %s", hostOf(target.samlUrl()), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(target);
        }
    }

    private List<Pattern> signInPatterns(Target target) {
        Optional<IdpProvider> provider = provider(target);
        List<String> sources = new ArrayList<>(provider.map(IdpProvider::loginPagePatterns).orElse(List.of()));
        sources.addAll(providerConfig(provider).flatMap(BrowserConfig.ProviderPatterns::loginPagePatterns).orElse(List.of()));
        sources.addAll(config.loginPagePatterns().orElse(List.of()));
        sources.addAll(target.loginPagePatterns());
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

    private List<String> acsPatterns(Target target) {
        List<String> patterns = new ArrayList<>(AWS_SIGNIN_PATTERNS);
        Optional<IdpProvider> provider = provider(target);
        patterns.addAll(provider.map(IdpProvider::assertionConsumerPatterns).orElse(List.of()));
        patterns.addAll(providerConfig(provider).flatMap(BrowserConfig.ProviderPatterns::assertionConsumerPatterns)
                .orElse(List.of()));
        patterns.addAll(config.assertionConsumerPatterns().orElse(List.of()));
        patterns.addAll(target.assertionConsumerPatterns());
        return patterns;
    }

    private Optional<BrowserConfig.ProviderPatterns> providerConfig(Optional<IdpProvider> provider) {
        return provider.map(p -> config.providers().get(p.id()));
    }

    private Optional<IdpProvider> provider(Target target) {
        if (target.providerId() != null) {
            return providers.byId(target.providerId());
        }
        return providers.detectFromLoginUrl(URI.create(target.samlUrl()));
    }

    private Semaphore lockFor(Path profile) {
        return profileLocks.computeIfAbsent(profile, p -> new Semaphore(1));
    }

    private static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, Target target) {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timeout(target);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CdpException cdp && cdp.isBrowserClosed()) {
                throw cancelled(target);
            }
            throw new KeyportException(ErrorCategory.INTERNAL, "The browser did not do what Keyport asked ("
                    + (e.getCause() == null ? e : e.getCause().getClass().getSimpleName()) + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(target);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "the IdP";
        }
    }

    private static KeyportException cancelled(Target target) {
        return new KeyportException(ErrorCategory.CONFLICT, "Login cancelled: the sign-in window for "
                + hostOf(target.samlUrl()) + " was closed before the IdP sent its SAML response. Start the session"
                + " again to sign in.");
    }

    private KeyportException timeout(Target target) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "No SAML response from " + hostOf(target.samlUrl())
                + " within " + config.loginTimeout().toSeconds() + " s (keyport.browser.login-timeout): the sign-in"
                + " was not completed. Start the session again.");
    }
}
