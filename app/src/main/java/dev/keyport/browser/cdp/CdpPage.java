package dev.keyport.browser.cdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One page (tab or window) driven through a flattened DevTools session: the typed subset Keyport's login needs.
 *
 * <p>All commands return futures (see {@link CdpConnection} for the threads they complete on); wait on them with a
 * timeout. While a form POST is paused, the submitting page answers no DOM or script query until the request is
 * fulfilled or failed, so never wait on {@link #evaluate} from a {@link #onRequestPaused} listener.
 *
 * <p>Listeners run on the connection's event thread, in arrival order.
 */
public final class CdpPage implements AutoCloseable {

    private final CdpConnection connection;
    private final String targetId;
    private final String sessionId;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final List<Consumer<PausedRequest>> pausedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> navigatedListeners = new CopyOnWriteArrayList<>();
    private final CdpConnection.Subscription subscription;

    private CdpPage(CdpConnection connection, String targetId, String sessionId) {
        this.connection = connection;
        this.targetId = targetId;
        this.sessionId = sessionId;
        this.subscription = connection.addListener(this::onEvent);
        connection.closed().thenRun(() -> closedBecause(CdpException.BROWSER_CLOSED));
    }

    /** Opens a new tab on {@code about:blank} and attaches to it (the page is {@code Page.enable}d). */
    public static CompletableFuture<CdpPage> create(CdpConnection connection) {
        ObjectNode params = object().put("url", "about:blank");
        return connection.send("Target.createTarget", params)
                .thenCompose(r -> attach(connection, r.path("targetId").asText()));
    }

    /**
     * Attaches to the browser's first page target: the window Chromium opened at launch. In a visible browser this
     * avoids a second, empty window the user would have to close.
     */
    public static CompletableFuture<CdpPage> attachToFirstPage(CdpConnection connection) {
        return connection.send("Target.getTargets", null).thenCompose(r -> {
            for (JsonNode t : r.path("targetInfos")) {
                if ("page".equals(t.path("type").asText())) {
                    return attach(connection, t.path("targetId").asText());
                }
            }
            return CompletableFuture.failedFuture(CdpException.failure("the browser has no page target"));
        });
    }

    /** Attaches to an existing target with {@code flatten: true} and enables the Page domain. */
    public static CompletableFuture<CdpPage> attach(CdpConnection connection, String targetId) {
        ObjectNode params = object().put("targetId", targetId).put("flatten", true);
        return connection.send("Target.attachToTarget", params).thenCompose(r -> {
            // Created on the reader thread, before any later message is read, so no session event is missed.
            CdpPage page = new CdpPage(connection, targetId, r.path("sessionId").asText());
            return page.send("Page.enable", null).handle((ok, err) -> {
                if (err != null) {
                    page.subscription.close();
                    throw err instanceof RuntimeException ? (RuntimeException) err : new RuntimeException(err);
                }
                return page;
            });
        });
    }

    /** The DevTools target id (the tab). */
    public String targetId() {
        return targetId;
    }

    /** The flattened session id, for commands not covered here ({@link #send}). */
    public String sessionId() {
        return sessionId;
    }

    /** Sends any command to this page's session. */
    public CompletableFuture<JsonNode> send(String method, JsonNode params) {
        return connection.send(sessionId, method, params);
    }

    /**
     * Navigates the main frame and completes when the navigation committed or failed.
     *
     * @return Chromium's error text (e.g. {@code net::ERR_CONNECTION_REFUSED}) when it failed, empty when it
     *         committed
     */
    public CompletableFuture<Optional<String>> navigate(String url) {
        return send("Page.navigate", object().put("url", url)).thenApply(r -> {
            String error = r.path("errorText").asText("");
            return error.isEmpty() ? Optional.empty() : Optional.of(error);
        });
    }

    /**
     * Pauses every request whose URL matches one of the patterns ({@code *} and {@code ?} wildcards), before it is
     * sent. Match a whole host ({@code https://signin.aws.amazon.com/*}), not just the POST path: the browser
     * follows a fulfilled page with a {@code /favicon.ico} request to the same host, which would otherwise go out
     * to DNS. Replaces any earlier patterns.
     */
    public CompletableFuture<Void> enableFetch(List<String> urlPatterns) {
        ArrayNode patterns = CdpConnection.MAPPER.createArrayNode();
        for (String p : urlPatterns) {
            patterns.addObject().put("urlPattern", p).put("requestStage", "Request");
        }
        ObjectNode params = object();
        params.set("patterns", patterns);
        return send("Fetch.enable", params).thenApply(r -> null);
    }

    /** Answers a paused request locally; nothing reaches the network. */
    public CompletableFuture<Void> fulfill(String requestId, int status, Map<String, String> headers, byte[] body) {
        ObjectNode params = object().put("requestId", requestId).put("responseCode", status);
        ArrayNode h = params.putArray("responseHeaders");
        headers.forEach((name, value) -> h.addObject().put("name", name).put("value", value));
        params.put("body", Base64.getEncoder().encodeToString(body));
        return send("Fetch.fulfillRequest", params).thenApply(r -> null);
    }

    /** Fails a paused request as blocked by the client ({@code net::ERR_BLOCKED_BY_CLIENT}); nothing is sent. */
    public CompletableFuture<Void> fail(String requestId) {
        ObjectNode params = object().put("requestId", requestId).put("errorReason", "BlockedByClient");
        return send("Fetch.failRequest", params).thenApply(r -> null);
    }

    /**
     * Evaluates a script in the main frame, awaiting a returned promise, and returns its value as JSON
     * ({@link NullNode} for {@code undefined}). A thrown exception fails the future with a {@link CdpException}.
     * Meant for tests and diagnostics; the exception text may quote page content.
     */
    public CompletableFuture<JsonNode> evaluate(String expression) {
        ObjectNode params = object().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true).put("userGesture", true);
        return send("Runtime.evaluate", params).thenApply(r -> {
            JsonNode ex = r.get("exceptionDetails");
            if (ex != null && !ex.isNull()) {
                String text = ex.path("exception").path("description").asText(ex.path("text").asText("exception"));
                throw CdpException.failure("script failed: " + (text.length() > 300 ? text.substring(0, 300) : text));
            }
            JsonNode value = r.path("result").get("value");
            return value == null ? NullNode.getInstance() : value;
        });
    }

    /** Called for every {@code Fetch.requestPaused} of this page; each must be fulfilled or failed. */
    public CdpConnection.Subscription onRequestPaused(Consumer<PausedRequest> listener) {
        Objects.requireNonNull(listener);
        pausedListeners.add(listener);
        return () -> pausedListeners.remove(listener);
    }

    /** Called with the URL each time the main frame commits a navigation ({@code Page.frameNavigated}). */
    public CdpConnection.Subscription onMainFrameNavigated(Consumer<String> listener) {
        Objects.requireNonNull(listener);
        navigatedListeners.add(listener);
        return () -> navigatedListeners.remove(listener);
    }

    /**
     * Completes with a short reason once the page is gone: window or tab closed, session detached, renderer
     * crashed, or the browser closed.
     */
    public CompletableFuture<String> closed() {
        return closed.copy();
    }

    /** Closes the tab (without waiting) and stops listening. Idempotent. */
    @Override
    public void close() {
        if (!closed.isDone() && !connection.isClosed()) {
            connection.send("Target.closeTarget", object().put("targetId", targetId));
        }
        closedBecause("closed by Keyport");
    }

    private void onEvent(CdpEvent e) {
        if (sessionId.equals(e.sessionId())) {
            switch (e.method()) {
                case "Fetch.requestPaused" -> {
                    PausedRequest request = PausedRequest.fromEvent(e.params());
                    pausedListeners.forEach(l -> l.accept(request));
                }
                case "Page.frameNavigated" -> {
                    JsonNode frame = e.params().path("frame");
                    if (!frame.hasNonNull("parentId")) {
                        String url = frame.path("url").asText();
                        navigatedListeners.forEach(l -> l.accept(url));
                    }
                }
                case "Inspector.detached" -> closedBecause("detached: " + e.params().path("reason").asText());
                case "Inspector.targetCrashed" -> closedBecause("crashed");
                default -> {
                }
            }
        } else if (e.sessionId() == null) {
            switch (e.method()) {
                case "Target.detachedFromTarget" -> {
                    if (sessionId.equals(e.params().path("sessionId").asText())) {
                        closedBecause("detached");
                    }
                }
                case "Target.targetDestroyed" -> {
                    if (targetId.equals(e.params().path("targetId").asText())) {
                        closedBecause("target destroyed");
                    }
                }
                case "Target.targetCrashed" -> {
                    if (targetId.equals(e.params().path("targetId").asText())) {
                        closedBecause("crashed");
                    }
                }
                default -> {
                }
            }
        }
    }

    private void closedBecause(String reason) {
        if (closed.complete(reason)) {
            subscription.close();
        }
    }

    private static ObjectNode object() {
        return CdpConnection.MAPPER.createObjectNode();
    }
}
