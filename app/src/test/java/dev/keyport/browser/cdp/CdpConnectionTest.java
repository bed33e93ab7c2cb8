package dev.keyport.browser.cdp;

import dev.keyport.testkit.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipe protocol against a scripted fake browser (no Chromium needed). */
@IntegrationTest
class CdpConnectionTest {

    private static final long WAIT_S = 10;

    private OutputStream browserOut; // what the fake browser writes (its fd 4)
    private InputStream browserIn; // what the fake browser reads (its fd 3)
    private CdpConnection connection;

    @BeforeEach
    void setUp() throws IOException {
        Pipe toUs = Pipe.open();
        Pipe toBrowser = Pipe.open();
        browserOut = Channels.newOutputStream(toUs.sink());
        browserIn = Channels.newInputStream(toBrowser.source());
        connection = CdpConnection.open(Channels.newInputStream(toUs.source()),
                Channels.newOutputStream(toBrowser.sink()), "cdp-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        connection.close();
        browserOut.close();
    }

    /** Reads one NUL-terminated command as the browser would. */
    private JsonNode readCommand() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = browserIn.read()) > 0) {
            buf.write(b);
        }
        assertEquals(0, b, "command not NUL-terminated");
        return CdpConnection.MAPPER.readTree(buf.toByteArray());
    }

    private void browserSends(String json) throws IOException {
        browserOut.write(json.getBytes(StandardCharsets.UTF_8));
        browserOut.write(0);
        browserOut.flush();
    }

    @Test
    void matchesAnswersById_evenOutOfOrder_andMapsErrors() throws Exception {
        CompletableFuture<JsonNode> a = connection.send("Browser.getVersion", null);
        ObjectNode params = CdpConnection.MAPPER.createObjectNode().put("url", "about:blank");
        CompletableFuture<JsonNode> b = connection.send("session-1", "Page.navigate", params);
        JsonNode cmdA = readCommand();
        JsonNode cmdB = readCommand();
        assertEquals("Browser.getVersion", cmdA.path("method").asText());
        assertFalse(cmdA.has("sessionId"));
        assertEquals("session-1", cmdB.path("sessionId").asText());
        assertEquals("about:blank", cmdB.path("params").path("url").asText());

        // Answer B first, and both in one write.
        byte[] both = ("{\"id\":" + cmdB.path("id").asLong()
                + ",\"error\":{\"code\":-32000,\"message\":\"Cannot navigate to invalid URL\"}}\0"
                + "{\"id\":" + cmdA.path("id").asLong() + ",\"result\":{\"product\":\"Fake/1\"}}\0")
                .getBytes(StandardCharsets.UTF_8);
        browserOut.write(both);
        browserOut.flush();

        assertEquals("Fake/1", a.get(WAIT_S, TimeUnit.SECONDS).path("product").asText());
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.get(WAIT_S, TimeUnit.SECONDS));
        CdpException cdp = assertInstanceOf(CdpException.class, e.getCause());
        assertEquals(-32000, cdp.code());
        assertFalse(cdp.isBrowserClosed());
        assertTrue(cdp.getMessage().contains("Page.navigate") && cdp.getMessage().contains("invalid URL"),
                cdp.getMessage());
    }

    @Test
    void reassemblesALargeEventSplitAcrossManyWrites() throws Exception {
        // About the size of a paused 3 MB form POST (postData plus base64 postDataEntries).
        byte[] random = new byte[5_000_000];
        new Random(42).nextBytes(random);
        String big = java.util.Base64.getEncoder().encodeToString(random);
        CompletableFuture<CdpEvent> got = new CompletableFuture<>();
        connection.addListener(e -> {
            if (e.method().equals("Fetch.requestPaused")) {
                got.complete(e);
            }
        });
        byte[] msg = ("{\"method\":\"Fetch.requestPaused\",\"sessionId\":\"s1\",\"params\":{\"requestId\":\"r1\","
                + "\"request\":{\"postData\":\"" + big + "\"}}}").getBytes(StandardCharsets.UTF_8);
        assertTrue(msg.length > 6_000_000);
        // Odd chunk sizes so NULs and buffer boundaries never line up.
        for (int off = 0; off < msg.length; off += 777_777) {
            browserOut.write(msg, off, Math.min(777_777, msg.length - off));
        }
        browserOut.write(0);
        browserSends("{\"method\":\"Page.loadEventFired\",\"params\":{}}");

        CdpEvent event = got.get(WAIT_S, TimeUnit.SECONDS);
        assertEquals("s1", event.sessionId());
        assertEquals(big, event.params().path("request").path("postData").asText());
    }

    @Test
    void eventsArriveInOrderOnOneThread_andAFailingListenerDoesNotStopOthers() throws Exception {
        CompletableFuture<String> order = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        connection.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        connection.addListener(e -> {
            seen.append(e.method()).append(',');
            if (e.method().equals("C")) {
                order.complete(seen + Thread.currentThread().getName());
            }
        });
        browserSends("{\"method\":\"A\"}");
        browserSends("{\"method\":\"B\",\"params\":{}}");
        browserSends("{\"method\":\"C\"}");
        assertEquals("A,B,C,cdp-test-events", order.get(WAIT_S, TimeUnit.SECONDS));
    }

    @Test
    void endOfPipeFailsPendingAndLaterCommands() throws Exception {
        CompletableFuture<JsonNode> pending = connection.send("Runtime.evaluate", null);
        readCommand();
        assertFalse(connection.closed().isDone());
        browserOut.close(); // the browser died

        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(WAIT_S, TimeUnit.SECONDS));
        CdpException cdp = assertInstanceOf(CdpException.class, e.getCause());
        assertTrue(cdp.isBrowserClosed());
        assertTrue(cdp.getMessage().startsWith("browser closed"), cdp.getMessage());
        connection.closed().get(WAIT_S, TimeUnit.SECONDS);
        assertTrue(connection.isClosed());

        CompletableFuture<JsonNode> late = connection.send("Browser.getVersion", null);
        assertTrue(late.isCompletedExceptionally());
        ExecutionException e2 = assertThrows(ExecutionException.class, () -> late.get(0, TimeUnit.SECONDS));
        assertTrue(e2.getCause().getMessage().startsWith("browser closed"));
    }

    @Test
    void closeFailsPendingAndClosesOurEndOfThePipe() throws Exception {
        CompletableFuture<JsonNode> pending = connection.send("Browser.getVersion", null);
        readCommand();
        connection.close();
        connection.close(); // idempotent
        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(WAIT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().startsWith("browser closed"));
        // The writer closes fd 3: the browser reads end-of-file (Chromium then exits).
        assertEquals(-1, browserIn.read());
    }
}
