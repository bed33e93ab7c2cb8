package dev.keyport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Drives the page of a login in a browser that is already running: opens the login's own tab, watches where the
 * page goes for the sign-in page patterns, pauses every request to the assertion consumers, navigates to the IdP, and
 * waits, first silently, then for the person, until the SAMLResponse is posted or the person closes the window.
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

    /** A login's page in one browser: what it captured, whether it reached a sign-in page, and where it is now. */
    static final class Running {
        final ChromiumProcess browser;
        final CdpPage page;
        final CompletableFuture<String> captured = new CompletableFuture<>();
        final CompletableFuture<String> signInPage = new CompletableFuture<>();

        private Running(ChromiumProcess browser, CdpPage page) {
            this.browser = browser;
            this.page = page;
        }
    }

    /**
     * Opens the login's own page in {@code browser}, with the assertion consumers paused, and navigates it to
     * {@code url}: the SAML URL, or, in the visible browser that takes over a login, the page the person is needed on.
     *
     * @param cookies the cookies of the browser taken over (from {@link #cookies}), set before the navigation; null
     *                for a login's first browser
     */
    Running open(ChromiumProcess browser, BrowserLogin.Target target, String url, JsonNode cookies, Instant deadline) {
        // A tab of our own: with "continue where you left off" the restored first tab can take seconds to appear.
        CdpPage page = failures.await(CdpPage.create(browser.connection()), STEP_TIMEOUT, target);
        LoginWindows.closeOtherTabs(browser.connection(), page, target, failures);
        Running run = new Running(browser, page);
        List<Pattern> signInPatterns = target.patterns().signInPages();
        page.onRequestPaused(request -> answer(page, request, run.captured));
        page.onMainFrameNavigated(current -> {
            if (signInPatterns.stream().anyMatch(p -> p.matcher(current).find())) {
                run.signInPage.complete(current);
            }
        });
        failures.await(page.enableFetch(target.patterns().assertionConsumers()), STEP_TIMEOUT, target);
        if (cookies != null) {
            setCookies(browser, cookies, target);
        }
        Optional<String> navigationError = failures.await(page.navigate(url), remaining(deadline), target);
        if (navigationError.isPresent()) {
            // The session's own URL in full; one the IdP chose, by host only: its query may carry tokens.
            String shown = url.equals(target.samlUrl()) ? url : LoginFailures.hostOf(url);
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not open the IdP's sign-in page " + shown
                    + " (" + navigationError.get() + "). Check that the IdP is reachable from this computer (network,"
                    + " VPN, proxy) and that samlUrl is right.");
        }
        return run;
    }

    /**
     * Waits, with nobody seeing anything, for the IdP to post the assertion by itself (a silent sign-in). Empty when
     * the person is needed: the page reached a sign-in page, or nothing came within the background timeout.
     */
    Optional<String> awaitSilently(Running run, BrowserLogin.Target target, Instant deadline) {
        Duration background = min(config.backgroundTimeout(), remaining(deadline));
        try {
            CompletableFuture.anyOf(run.captured, run.signInPage, run.page.closed())
                    .get(background.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillNothing) {
            // the IdP wants something from the person, or is slow: they are asked
        } catch (ExecutionException | InterruptedException e) {
            throw cancelled(target);
        }
        if (run.captured.isDone()) {
            return Optional.of(finish(run.page, run.captured.join()));
        }
        if (run.page.closed().isDone()) {
            throw cancelled(target);
        }
        LOG.infof("Waiting for the user to sign in at %s (%s)", LoginFailures.hostOf(target.samlUrl()),
                run.signInPage.isDone() ? "sign-in page" : "nothing after " + background.toSeconds() + " s");
        return Optional.empty();
    }

    /** Why the person is needed, for the window listeners. */
    static String trigger(Running run) {
        return run.signInPage.isDone()
                ? BrowserLogin.LoginWindow.SIGN_IN_PAGE : BrowserLogin.LoginWindow.BACKGROUND_TIMEOUT;
    }

    /**
     * Every cookie of the browser, session cookies included, as {@code Storage.setCookies} takes them: how the IdP's
     * sign-in state moves from the headless browser to the visible one that takes over (the profile on disk could
     * lack session cookies set a moment before). A host-only cookie is given by URL, not domain, so it stays
     * host-only ({@code __Host-} cookies must). Held in memory only, never logged; unreadable cookies are no reason
     * to fail a login, so that gives an empty list.
     */
    JsonNode cookies(Running run, BrowserLogin.Target target) {
        ArrayNode params = JsonNodeFactory.instance.arrayNode();
        JsonNode all;
        try {
            all = run.browser.connection().send("Storage.getCookies", null)
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("cookies");
        } catch (ExecutionException | TimeoutException | CdpException e) {
            LOG.warnf("Could not read the sign-in browser's cookies for %s; the window starts from the profile on disk",
                    LoginFailures.hostOf(target.samlUrl()));
            return params;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return params;
        }
        for (JsonNode c : all) {
            ObjectNode p = params.addObject();
            String domain = c.path("domain").asText("");
            if (domain.startsWith(".")) {
                p.put("domain", domain);
            } else {
                p.put("url", (c.path("secure").asBoolean() ? "https://" : "http://") + domain + c.path("path").asText("/"));
            }
            for (String field : List.of("name", "value", "path", "secure", "httpOnly", "sameSite", "priority",
                    "sourceScheme", "partitionKey")) {
                if (c.has(field)) {
                    p.set(field, c.get(field));
                }
            }
            if (!c.path("session").asBoolean(false) && c.has("expires")) {
                p.set("expires", c.get("expires"));
            }
        }
        return params;
    }

    /**
     * Where the visible browser opens: the sign-in page that called for the person, else (after the background
     * timeout, when the page may be anywhere, even on an AWS URL it was stopped at) the SAML URL, the flow's own
     * entry. Only http(s): a page cannot steer the window to any other scheme.
     */
    static String handOverUrl(Running run, BrowserLogin.Target target) {
        String signIn = run.signInPage.getNow(null);
        boolean web = signIn != null && (signIn.startsWith("https://") || signIn.startsWith("http://"));
        return web ? signIn : target.samlUrl();
    }

    /** Sets the taken-over cookies one by one: one Chromium refuses does not cost the others. Counts only are logged. */
    private void setCookies(ChromiumProcess browser, JsonNode cookies, BrowserLogin.Target target) {
        int refused = 0;
        for (JsonNode cookie : cookies) {
            try {
                browser.connection().send("Storage.setCookies", JsonNodeFactory.instance.objectNode()
                        .set("cookies", JsonNodeFactory.instance.arrayNode().add(cookie)))
                        .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | CdpException e) {
                refused++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled(target);
            }
        }
        if (refused > 0) {
            LOG.infof("The sign-in window for %s took %d of %d cookies over (the others come from the profile)",
                    LoginFailures.hostOf(target.samlUrl()), cookies.size() - refused, cookies.size());
        }
    }

    /**
     * Waits for the person to sign in on the page (shown on screen by the caller, or headless where something else
     * drives it), until the SAMLResponse is posted, the page is closed, or time runs out.
     */
    String awaitPerson(Running run, BrowserLogin.Target target, String trigger, Instant deadline,
                       Consumer<String> waitingForUser) {
        waitingForUser.accept(BrowserLogin.WAITING_FOR_USER);
        BrowserLogin.LoginWindow loginWindow = new BrowserLogin.LoginWindow(target.samlUrl(), trigger, run.page);
        windowListeners.forEach(l -> l.accept(loginWindow));
        try {
            CompletableFuture.anyOf(run.captured, run.page.closed())
                    .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failures.timeout(target);
        } catch (ExecutionException | InterruptedException e) {
            throw cancelled(target);
        }
        if (run.captured.isDone()) {
            return finish(run.page, run.captured.join());
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

    /** The captured response, once the page is left ({@link #leave}). */
    static String finish(CdpPage page, String samlResponse) {
        leave(page);
        return samlResponse;
    }

    /**
     * Leaves the page on about:blank before the browser closes, so the profile's last session never points at an
     * AWS sign-in URL, or an IdP page, that a later browser on the profile would reopen.
     */
    static void leave(CdpPage page) {
        try {
            page.navigate("about:blank").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException | CdpException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the capture is what matters; the browser is closed next anyway
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
