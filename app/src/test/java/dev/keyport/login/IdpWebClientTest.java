package dev.keyport.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpWeb;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the web client lent to providers does with a hostile or confused IdP: two servers on loopback. */
class IdpWebClientTest {
    private HttpServer idp;
    private HttpServer elsewhere;
    private final List<String> elsewhereGot = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", ex -> {
            elsewhereGot.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            reply(ex, 200, "application/json", "{\"status\":\"SUCCESS\"}");
        });
        idp.createContext("/post-moves", ex -> redirect(ex, 307, base(elsewhere) + "/steal"));
        idp.createContext("/get-moves", ex -> redirect(ex, 302, base(elsewhere) + "/steal"));
        idp.createContext("/get-stays", ex -> redirect(ex, 302, "/landing"));
        idp.createContext("/landing", ex -> reply(ex, 200, "text/html", "<form action=\"/acs\" method=\"post\">"
                + "<input name=\"SAMLResponse\" value=\"PHNhbWw&#x2b;&#x3d;\"></form>"));
        idp.createContext("/huge", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 100; i++) { // 6.4 MiB, past the 4 MiB limit
                    out.write(chunk);
                }
            } catch (IOException cancelled) {
                // the client stops reading once over the limit
            }
        });
        idp.createContext("/escapes", ex -> reply(ex, 200, "application/json",
                "{\"errorSummary\":\"\\u001b[2J\\u001b]0;pwned\\u0007Bad\\nline\"}"));
        idp.start();
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
        elsewhere.stop(0);
    }

    private final IdpWebClient web = new IdpWebClient(new ObjectMapper(), Duration.ofSeconds(10));

    @Test
    void aPasswordPostedToTheIdpIsNeverPostedOnWhereARedirectPoints() {
        IdpWeb.Reply reply = web.postJson(URI.create(base(idp) + "/post-moves"), Map.of("password", "hunter2"),
                Map.of());
        assertEquals(307, reply.status(), "returned as it came, not followed");
        assertTrue(elsewhereGot.isEmpty(), "nothing reached the other host: " + elsewhereGot);
    }

    @Test
    void aGetFollowsRedirectsWithinItsOriginOnly() {
        IdpWeb.Reply moved = web.get(URI.create(base(idp) + "/get-moves"), Map.of());
        assertEquals(302, moved.status());
        assertTrue(elsewhereGot.isEmpty());
        IdpWeb.Reply stayed = web.get(URI.create(base(idp) + "/get-stays"), Map.of());
        assertEquals(200, stayed.status());
        assertEquals("PHNhbWw+=", stayed.forms().get(0).fields().get("SAMLResponse"), "entities decoded");
        assertEquals(URI.create(base(idp) + "/acs"), stayed.forms().get(0).action());
    }

    @Test
    void anOversizedAnswerIsCutOffAndNamedNotRead() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> web.get(URI.create(base(idp) + "/huge"), Map.of()));
        assertEquals(ErrorCategory.UNAVAILABLE, e.category());
        assertTrue(e.getMessage().contains("more than 4 MiB"), e.getMessage());
    }

    @Test
    void controlCharactersInAnIdpsJsonArriveAsQuestionMarks() {
        String summary = web.get(URI.create(base(idp) + "/escapes"), Map.of()).json().text("errorSummary");
        assertEquals("?[2J?]0;pwned?Bad?line", summary);
    }

    @Test
    void aHeaderValueThatCannotBeSentIsAnErrorThatDoesNotQuoteIt() {
        KeyportException e = assertThrows(KeyportException.class, () -> web.get(URI.create(base(idp) + "/landing"),
                Map.of("Authorization", "bearer tok\r\nen-secret")));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    private static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
