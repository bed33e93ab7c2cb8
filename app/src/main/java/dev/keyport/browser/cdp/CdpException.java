package dev.keyport.browser.cdp;

/**
 * A DevTools command failed: the browser answered with a protocol error, or the browser went away before it
 * answered.
 *
 * <p>Unchecked because it mostly travels inside {@link java.util.concurrent.CompletableFuture}s, where checked
 * exceptions would only be wrapped again.
 */
public class CdpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Message prefix of every failure caused by the connection ending; callers and tests can match on it. */
    public static final String BROWSER_CLOSED = "browser closed";

    private final int code;
    private final boolean browserClosed;

    private CdpException(String message, int code, boolean browserClosed) {
        super(message);
        this.code = code;
        this.browserClosed = browserClosed;
    }

    /** A protocol error returned by the browser for {@code method} (code and message as sent by Chromium). */
    public static CdpException protocolError(String method, int code, String message) {
        return new CdpException(method + " failed: " + message + " (" + code + ")", code, false);
    }

    /** A failure that is not a protocol error, e.g. a script exception in {@code Runtime.evaluate}. */
    public static CdpException failure(String message) {
        return new CdpException(message, 0, false);
    }

    /** The connection ended (browser exit, crash, or {@link CdpConnection#close()}) before the answer came. */
    public static CdpException browserClosed(String reason) {
        return new CdpException(BROWSER_CLOSED + ": " + reason, 0, true);
    }

    /** The CDP error code, or 0 when this is not a protocol error. */
    public int code() {
        return code;
    }

    /** Whether the failure is due to the connection ending rather than the command itself. */
    public boolean isBrowserClosed() {
        return browserClosed;
    }
}
