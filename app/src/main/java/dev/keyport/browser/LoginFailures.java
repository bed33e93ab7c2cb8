package dev.keyport.browser;

import dev.keyport.browser.cdp.CdpException;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a browser login waits, and how it ends when it ends without a SAML response: the user closed the window
 * (cancelled), time ran out, or the browser failed a step. Shared by {@link BrowserLogin}, {@link LoginPage} and
 * {@link LoginWindows} so that a login fails with the same words whichever of them notices.
 */
final class LoginFailures {
    /** The longest a single step in the browser may take (a new tab, a DevTools call). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final BrowserConfig config;

    LoginFailures(BrowserConfig config) {
        this.config = config;
    }

    /**
     * Waits for one step in the browser, turning each way it can fail into the login's failure.
     *
     * @throws KeyportException the login timeout when the step takes longer than {@code timeout}, cancelled when the
     *                          browser went away (the user closed it) or the thread was interrupted, INTERNAL when
     *                          the browser refused the step
     */
    <T> T await(CompletableFuture<T> future, Duration timeout, BrowserLogin.Target target) {
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

    /** The user closed the window (or the login was interrupted) before the IdP posted its response. */
    static KeyportException cancelled(BrowserLogin.Target target) {
        return new KeyportException(ErrorCategory.CONFLICT, "Login cancelled: the sign-in window for "
                + hostOf(target.samlUrl()) + " was closed before the IdP sent its SAML response. Start the session"
                + " again to sign in.");
    }

    /** keyport.browser.login-timeout ran out. */
    KeyportException timeout(BrowserLogin.Target target) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "No SAML response from " + hostOf(target.samlUrl())
                + " within " + config.loginTimeout().toSeconds() + " s (keyport.browser.login-timeout): the sign-in"
                + " was not completed. Start the session again.");
    }

    /** The time left until the deadline; zero once it has passed, never negative. */
    static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The IdP's host, which names it in messages and logs; "the IdP" when the URL does not parse. */
    static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "the IdP";
        }
    }
}
