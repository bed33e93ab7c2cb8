package dev.keyport.browser.cdp;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A DevTools Protocol connection over Chromium's {@code --remote-debugging-pipe}: JSON messages, each terminated by a
 * NUL byte, commands written to the browser's fd 3 and answers/events read from its fd 4.
 *
 * <h2>Threading</h2>
 * Three daemon threads per connection:
 * <ul>
 *   <li><b>reader</b>: parses every message and completes the matching command future <em>on the reader
 *       thread</em>. Non-async dependent stages ({@code thenApply}, {@code thenCompose}) therefore run there too: they
 *       may call {@link #send} (it never blocks) but must not block, or no further message is read.</li>
 *   <li><b>events</b>: a single thread that runs the {@linkplain #addListener listeners}, one event at a time and in
 *       arrival order. Because answers are completed by the reader, a listener may block on a command's future
 *       (bounded, please); it must not wait for another <em>event</em>, which would be queued behind it.</li>
 *   <li><b>writer</b>: drains a queue of outgoing messages, so {@link #send} never blocks on a full pipe (a
 *       {@code Fetch.fulfillRequest} can be megabytes while the browser is busy writing to us).</li>
 * </ul>
 *
 * <h2>End of connection</h2>
 * When the browser closes its end of the pipe (exit, crash, kill) or {@link #close()} is called, every pending and
 * future command fails with a {@link CdpException} whose message starts with {@value CdpException#BROWSER_CLOSED},
 * then {@link #closed()} completes (on the thread that noticed the end).
 */
public final class CdpConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CdpConnection.class.getName());

    /**
     * Jackson's default cap on one string is 20 M chars; a paused POST carries its body twice (postData and base64
     * postDataEntries), so allow comfortably more rather than silently dropping a large SAML response.
     */
    private static final int MAX_STRING_LENGTH = 128 * 1024 * 1024;

    /** Upper bound on one message, so a misbehaving peer cannot make us allocate without limit. */
    private static final int MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

    static final ObjectMapper MAPPER = createMapper();

    private static final byte[] END_OF_OUTPUT = new byte[0];

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final List<Consumer<CdpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final ExecutorService events;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String endReason;

    private record Pending(String method, CompletableFuture<JsonNode> future) {
    }

    /** Removes a listener registered with {@link #addListener}. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        /** Stops delivery; idempotent. */
        @Override
        void close();
    }

    private CdpConnection(InputStream fromBrowser, OutputStream toBrowser, String name) {
        this.in = fromBrowser;
        this.out = toBrowser;
        this.name = name;
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-events"));
    }

    /**
     * Starts a connection on an already running browser's pipes.
     *
     * @param fromBrowser the browser's fd 4 (messages out of the browser)
     * @param toBrowser   the browser's fd 3 (commands into the browser)
     * @param name        used to name the threads, e.g. {@code "cdp-1234"}
     */
    public static CdpConnection open(InputStream fromBrowser, OutputStream toBrowser, String name) {
        CdpConnection c = new CdpConnection(Objects.requireNonNull(fromBrowser), Objects.requireNonNull(toBrowser),
                Objects.requireNonNull(name));
        daemon(c::readLoop, name + "-reader").start();
        daemon(c::writeLoop, name + "-writer").start();
        return c;
    }

    /** Sends a browser-level command; the future gets the {@code result} object. */
    public CompletableFuture<JsonNode> send(String method, JsonNode params) {
        return send(null, method, params);
    }

    /**
     * Sends a command to a flattened target session ({@code sessionId} from {@code Target.attachToTarget}), or to
     * the browser when {@code sessionId} is {@code null}. Never blocks.
     *
     * @return completes with the {@code result} object, or exceptionally with a {@link CdpException}
     */
    public CompletableFuture<JsonNode> send(String sessionId, String method, JsonNode params) {
        long id = lastId.incrementAndGet();
        ObjectNode msg = MAPPER.createObjectNode();
        msg.put("id", id);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        msg.put("method", Objects.requireNonNull(method));
        msg.set("params", params == null ? MAPPER.createObjectNode() : params);
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(msg);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(CdpException.failure("cannot encode " + method + ": " + e));
        }
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, new Pending(method, future));
        // Checked after registering so that a concurrent end() either sees this entry or we see its flag.
        if (ended.get()) {
            pending.remove(id);
            future.completeExceptionally(CdpException.browserClosed(endReason));
            return future;
        }
        outbox.add(bytes);
        return future;
    }

    /**
     * Registers a listener for every event (browser-level and all sessions). Listeners run on this connection's
     * single event thread, in arrival order; an exception from one is logged (event name only) and ignored.
     */
    public Subscription addListener(Consumer<CdpEvent> listener) {
        Objects.requireNonNull(listener);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Completes once the connection has ended and all pending commands have been failed. */
    public CompletableFuture<Void> closed() {
        return closed.copy();
    }

    /** Whether the connection has ended. */
    public boolean isClosed() {
        return ended.get();
    }

    /**
     * Ends the connection from our side: pending commands fail with "browser closed", and our end of the command
     * pipe is closed (Chromium treats that like {@code Browser.close}). Idempotent. The reader thread stops when the
     * browser closes its end.
     */
    @Override
    public void close() {
        end("connection closed by Keyport");
    }

    /** Ends the connection for {@code reason}; also used by {@link ChromiumProcess} when the process exits. */
    void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        endReason = reason;
        outbox.add(END_OF_OUTPUT);
        for (Long id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(CdpException.browserClosed(reason));
            }
        }
        // Listeners still get the events queued before the end; then the thread goes away.
        events.shutdown();
        closed.complete(null);
    }

    private void readLoop() {
        byte[] buf = new byte[256 * 1024];
        int start = 0; // first byte of the message being accumulated
        int end = 0; // end of valid data
        String reason = "the browser closed the DevTools pipe";
        try {
            while (true) {
                if (end == buf.length) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    } else if (buf.length >= MAX_MESSAGE_BYTES) {
                        reason = "a DevTools message exceeded " + MAX_MESSAGE_BYTES + " bytes";
                        break;
                    } else {
                        byte[] bigger = new byte[Math.min(MAX_MESSAGE_BYTES, buf.length * 2)];
                        System.arraycopy(buf, 0, bigger, 0, end);
                        buf = bigger;
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    break;
                }
                int scan = end;
                end += n;
                for (int i = scan; i < end; i++) {
                    if (buf[i] == 0) {
                        if (i > start) {
                            dispatch(buf, start, i - start);
                        }
                        start = i + 1;
                    }
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                    if (buf.length > 4 * 1024 * 1024) {
                        buf = new byte[256 * 1024]; // don't keep a huge buffer after one huge message
                    }
                }
            }
        } catch (IOException e) {
            reason = "reading the DevTools pipe failed: " + e.getMessage();
        } catch (RuntimeException | Error e) {
            reason = "DevTools reader failed: " + e;
            LOG.log(System.Logger.Level.ERROR, name + ": DevTools reader failed", e);
        }
        end(reason);
    }

    private void dispatch(byte[] buf, int off, int len) {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(buf, off, len);
        } catch (IOException e) {
            // Do not include the message: it may hold a SAML response.
            LOG.log(System.Logger.Level.WARNING, name + ": unparseable DevTools message of " + len + " bytes: "
                    + e.getClass().getSimpleName());
            return;
        }
        if (msg == null || !msg.isObject()) {
            return;
        }
        JsonNode id = msg.get("id");
        if (id != null && id.canConvertToLong()) {
            Pending p = pending.remove(id.asLong());
            if (p == null) {
                return;
            }
            JsonNode error = msg.get("error");
            if (error != null && !error.isNull()) {
                p.future.completeExceptionally(CdpException.protocolError(p.method, error.path("code").asInt(),
                        error.path("message").asText("unknown error")));
            } else {
                JsonNode result = msg.get("result");
                p.future.complete(result == null ? MAPPER.createObjectNode() : result);
            }
            return;
        }
        JsonNode method = msg.get("method");
        if (method == null || !method.isTextual()) {
            return;
        }
        JsonNode params = msg.get("params");
        JsonNode session = msg.get("sessionId");
        CdpEvent event = new CdpEvent(method.asText(), params == null ? MAPPER.createObjectNode() : params,
                session == null || !session.isTextual() ? null : session.asText());
        try {
            events.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            // Connection already ended: nobody is waiting for events any more.
        }
    }

    private void deliver(CdpEvent event) {
        for (Consumer<CdpEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, name + ": listener failed on " + event.method() + ": "
                        + e.getClass().getName());
            }
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] msg = outbox.take();
                if (msg == END_OF_OUTPUT) {
                    break;
                }
                out.write(msg);
                out.write(0);
                // Flush per message: the browser must see a command as soon as it is sent.
                out.flush();
            }
        } catch (IOException e) {
            end("writing to the DevTools pipe failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // The browser is gone or going; nothing to do.
            }
        }
    }

    private static ObjectMapper createMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build());
        return mapper;
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }
}
