package dev.keyport.browser;

import dev.keyport.browser.cdp.CdpConnection;
import dev.keyport.browser.cdp.CdpPage;
import dev.keyport.browser.cdp.ChromiumLauncher;
import dev.keyport.browser.cdp.ChromiumProcess;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Signs in through the system's Chromium over the DevTools protocol and captures the SAMLResponse the IdP posts to
 * AWS, without letting anything reach AWS.
 *
 * <p>The browser starts headless on the IdP URL's own profile; when the IdP still knows the person it posts the
 * assertion at once and no window is ever made (silent refresh). When the page lands on a sign-in page (the
 * provider's patterns) or nothing is captured within {@code keyport.browser.background-timeout}, the headless browser
 * hands over to a visible one on the same profile: its cookies (session cookies included) are copied over DevTools,
 * and the visible window opens, in front, at the page the person is needed on. A sign-in page is reached before the
 * person has done anything, so nothing is asked twice. (Leapp probed in a hidden window and then started the flow
 * over in a visible one, which sent Okta users two MFA pushes, leapp #469; an IdP that pushes MFA by itself before
 * any sign-in page would do the same here after a background timeout.)
 *
 * <p>Every request to an AWS sign-in host is paused before it leaves the browser: the SAML POST is answered locally
 * and everything else (the favicon request, say) is failed.
 *
 * <p>This class owns the login's course from the outside: the profile is locked ({@link BrowserProfileLocks}), the browser
 * started on it, the page driven ({@link LoginPage}, with {@link LoginWindows} for the window), and the browser
 * handed over to be closed in the background.
 */
@Singleton
public class BrowserLogin {
    private static final Logger LOG = Logger.getLogger(BrowserLogin.class);

    /** The status detail while a login waits for the user, as the session's progress and events show it. */
    public static final String WAITING_FOR_USER = "waiting for you to sign in in the browser window";

    private final BrowserConfig config;
    private final BrowserProfiles profiles;
    private final BrowserProfileLocks locks = new BrowserProfileLocks();
    private final LoginFailures failures;
    private final List<Consumer<LoginWindow>> windowListeners = new CopyOnWriteArrayList<>();
    private final LoginPage loginPage;

    public BrowserLogin(BrowserConfig config, BrowserProfiles profiles) {
        this.config = config;
        this.profiles = profiles;
        this.failures = new LoginFailures(config);
        this.loginPage = new LoginPage(config, failures, windowListeners);
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
        Semaphore lock = locks.lockFor(profiles.profileFor(samlUrl));
        try {
            // A browser that is only closing after a capture is gone within seconds; a login in progress is not.
            if (!lock.tryAcquire(LoginFailures.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
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
        Semaphore lock = locks.lockFor(profile);
        try {
            if (!lock.tryAcquire(LoginFailures.remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
                throw failures.timeout(target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoginFailures.cancelled(target);
        }
        // Once a browser is handed to the closer, the closer closes it and releases the lock; until then, this does.
        ChromiumProcess browser = null;
        boolean handedToCloser = false;
        try {
            // Headless first: a sign-in the IdP completes by itself (a refresh) maps no window at all.
            browser = launch(executable, profile, false);
            LoginPage.Running run = loginPage.open(browser, target, target.samlUrl(), null, deadline);
            Optional<String> silent = loginPage.awaitSilently(run, target, deadline);
            String samlResponse;
            if (silent.isPresent()) {
                samlResponse = silent.get();
            } else if (!config.showWindow()) {
                // Something else drives the headless page (tests on machines without a display).
                samlResponse = loginPage.awaitPerson(run, target, LoginPage.trigger(run), deadline, waitingForUser);
            } else if (!LoginWindows.hasDisplay()) {
                throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + target.samlUrl()
                        + " wants you to sign in, but Keyport found no display to show the browser window on"
                        + " (DISPLAY and WAYLAND_DISPLAY are unset). Start the daemon in your desktop session, or"
                        + " supply the SAML response with the start.");
            } else {
                // The person is needed: the same profile in a visible browser, at the sign-in page (else the SAML
                // URL), with the headless browser's cookies (session cookies too), so the IdP sees the same sign-in
                // state. The headless one is closed first: one browser per profile.
                String trigger = LoginPage.trigger(run);
                String url = LoginPage.handOverUrl(run, target);
                com.fasterxml.jackson.databind.JsonNode cookies = loginPage.cookies(run, target);
                if (run.captured.isDone()) {
                    // The IdP posted after all, while the cookies were read: nobody needs to see anything.
                    samlResponse = LoginPage.finish(run.page, run.captured.join());
                } else {
                    LoginPage.leave(run.page);
                    browser.close();
                    if (Thread.currentThread().isInterrupted()) {
                        throw LoginFailures.cancelled(target);
                    }
                    if (LoginFailures.remaining(deadline).isZero() || LoginFailures.remaining(deadline).isNegative()) {
                        throw failures.timeout(target);
                    }
                    browser = launch(executable, profile, true);
                    LoginPage.Running shown = loginPage.open(browser, target, url, cookies, deadline);
                    LoginWindows.bringToFront(browser.connection(), shown.page, target);
                    samlResponse = loginPage.awaitPerson(shown, target, trigger, deadline, waitingForUser);
                }
            }
            // false: the daemon is stopping, so the browser is closed here, below
            handedToCloser = locks.closeInBackground(browser, lock);
            return samlResponse;
        } finally {
            if (!handedToCloser) {
                try {
                    if (browser != null) {
                        browser.close();
                    }
                } finally {
                    lock.release();
                }
            }
        }
    }

    /**
     * What a login is for.
     *
     * @param samlUrl  where the IdP login starts
     * @param patterns the session's effective sign-in page and assertion-consumer patterns
     */
    public record Target(String samlUrl, SignInPatterns patterns) {
    }

    private static ChromiumProcess launch(Path executable, Path profile, boolean window) {
        keepSessionCookies(profile);
        ChromiumLauncher launcher = new ChromiumLauncher(executable, profile).headless(!window)
                .extraArgs(LoginWindows.onScreen(window));
        try {
            return launcher.launch();
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not start the browser " + executable + " ("
                    + e.getMessage() + "). Set keyport.browser.path to a working Chromium or Chrome.", e);
        }
    }

    /** Returns once no browser uses the SAML URL's profile (one closing after a capture has exited). */
    void awaitIdle(String samlUrl) throws InterruptedException {
        locks.awaitIdle(profiles.profileFor(samlUrl));
    }

    @PreDestroy
    void closeBrowsers() {
        locks.shutdown();
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
}
