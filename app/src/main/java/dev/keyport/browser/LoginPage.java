package dev.keyport.browser;

import dev.keyport.browser.cdp.CdpException;
import dev.keyport.browser.cdp.CdpPage;
import dev.keyport.browser.cdp.ChromiumProcess;
import dev.keyport.browser.cdp.FormFields;
import dev.keyport.browser.cdp.PausedRequest;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static dev.keyport.browser.LoginFailures.STEP_TIMEOUT;
import static dev.keyport.browser.LoginFailures.cancelled;
import static dev.keyport.browser.LoginFailures.remaining;

/**
 * Drives the one page of a login in a browser that is already running: opens the login's own tab, watches where the
 * page goes for the sign-in page patterns, pauses every request to the assertion consumers, navigates to the IdP once,
 * and waits, first out of sight, then for the user, until the SAMLResponse is posted or the user closes the window.
 * The posted SAMLResponse is answered locally with a page of its own and captured; nothing reaches AWS. Starting and
 * closing the browser, and holding its profile, are {@link BrowserLogin}'s.
 */
final class LoginPage {
    /** Logged under BrowserLogin's category, so settings for the browser login's logging still cover it. */
    private static final Logger LOG = Logger.getLogger(BrowserLogin.class);
    private static final byte[] CAPTURED_PAGE = ("<!doctype html><meta charset=utf-8><title>Keyport</title>"
            + "<p style=\"font-family:sans-serif\">Keyport received your sign-in. You can close this window.")
            .getBytes(StandardCharsets.UTF_8);

    private final BrowserConfig config;
    private final LoginFailures failures;
    private final List<Consumer<BrowserLogin.LoginWindow>> windowListeners;

    /** @param windowListeners told each time a login brings its window up for the user; read anew on every login */
    LoginPage(BrowserConfig config, LoginFailures failures, List<Consumer<BrowserLogin.LoginWindow>> windowListeners) {
        this.config = config;
        this.failures = failures;
        this.windowListeners = windowListeners;
    }

    /**
     * Signs in on a new page of {@code browser} and returns the SAMLResponse exactly as the IdP posted it.
     *
     * @param window whether the browser has a window that can be brought on screen (false: headless)
     * @throws KeyportException when the IdP cannot be reached, the user closes the window, or time runs out
     */
    String capture(ChromiumProcess browser, BrowserLogin.Target target, boolean window, Instant deadline,
                   Consumer<String> waitingForUser) {
        // A tab of our own: with "continue where you left off" the restored first tab can take seconds to appear.
        CdpPage page = failures.await(CdpPage.create(browser.connection()), STEP_TIMEOUT, target);
        LoginWindows.closeOtherTabs(browser.connection(), page, target, failures);
        CompletableFuture<String> captured = new CompletableFuture<>();
        CompletableFuture<String> signInPage = new CompletableFuture<>();
        List<Pattern> signInPatterns = target.patterns().signInPages();
        page.onRequestPaused(request -> answer(page, request, captured));
        page.onMainFrameNavigated(url -> {
            if (signInPatterns.stream().anyMatch(p -> p.matcher(url).find())) {
                signInPage.complete(url);
            }
        });
        failures.await(page.enableFetch(target.patterns().assertionConsumers()), STEP_TIMEOUT, target);
        Optional<String> navigationError = failures.await(page.navigate(target.samlUrl()), remaining(deadline), target);
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
            LoginWindows.bringToFront(browser.connection(), page, target);
        }
        LOG.infof("Waiting for the user to sign in at %s (%s)", LoginFailures.hostOf(target.samlUrl()),
                signInPage.isDone() ? "sign-in page" : "nothing after " + background.toSeconds() + " s");
        waitingForUser.accept(BrowserLogin.WAITING_FOR_USER);
        String trigger = signInPage.isDone()
                ? BrowserLogin.LoginWindow.SIGN_IN_PAGE : BrowserLogin.LoginWindow.BACKGROUND_TIMEOUT;
        BrowserLogin.LoginWindow loginWindow = new BrowserLogin.LoginWindow(target.samlUrl(), trigger, page);
        windowListeners.forEach(l -> l.accept(loginWindow));
        try {
            CompletableFuture.anyOf(captured, page.closed()).get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failures.timeout(target);
        } catch (ExecutionException | InterruptedException e) {
            throw cancelled(target);
        }
        if (captured.isDone()) {
            return finish(page, captured.join());
        }
        throw cancelled(target);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
