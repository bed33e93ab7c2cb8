package dev.keyport.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The container credentials endpoint a {@code keyport exec} program talks to, served by the {@code keyport exec}
 * process itself on a loopback port of its own, which relays each request to the daemon over the daemon's vetted
 * socket (with the grant's token, so the daemon's rules for the grant apply: it ends with the session, a restart, its
 * lifetime). Because this process holds the port for as long as the program runs, a daemon that stops or crashes
 * meanwhile leaves no port for someone else to take over and feed the program credentials of their choosing: the
 * program gets errors, not an impostor's keys.
 */
final class CredentialsRelay implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String path = "/credentials/" + random();
    private final String token = random();

    /** What the relay asks the daemon for one request: the grant's answer (status, content type, body). */
    interface Upstream {
        DaemonClient.Response fetch() throws IOException;
    }

    /** Threads that read and answer requests; more connections than this wait their turn. */
    private static final int WORKERS = 16;
    /** Seconds a client has to send its whole request: an SDK sends a few hundred bytes at once. */
    private static final String REQUEST_READ_LIMIT_SECONDS = "5";

    static {
        // The JDK's server reads this once, when its first server is made. Without it a connection that sends one
        // byte and waits holds a worker for ever; with it, such a connection is closed after the limit.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_READ_LIMIT_SECONDS);
        }
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, task -> {
        Thread thread = new Thread(task, "keyport-exec-endpoint");
        thread.setDaemon(true);
        return thread;
    });

    CredentialsRelay(Upstream upstream) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> handle(exchange, upstream));
        // Without an executor the JDK's server reads every request on its one dispatcher thread, so any local user
        // who opened a connection and sent one byte held the program's credentials endpoint.
        server.setExecutor(workers);
        server.start();
    }

    /** For AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** For AWS_CONTAINER_AUTHORIZATION_TOKEN. */
    String token() {
        return token;
    }

    private void handle(HttpExchange exchange, Upstream upstream) throws IOException {
        try (exchange) {
            String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
            int port = server.getAddress().getPort();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
                reply(exchange, 403, "{\"code\":\"Forbidden\",\"message\":\"Wrong Host.\"}");
            } else if (fromABrowserPage(exchange)) {
                reply(exchange, 403, "{\"code\":\"Forbidden\",\"message\":\"Requests from web pages are refused.\"}");
            } else if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getRawPath().equals(path)) {
                reply(exchange, 404, "{\"code\":\"NotFound\",\"message\":\"No such endpoint.\"}");
            } else if (authorization == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    authorization.strip().getBytes(StandardCharsets.UTF_8))) {
                reply(exchange, 403, "{\"code\":\"Forbidden\",\"message\":\"Wrong or missing authorization token.\"}");
            } else {
                DaemonClient.Response answer;
                try {
                    answer = upstream.fetch();
                } catch (IOException | CliException e) {
                    reply(exchange, 503, "{\"code\":\"Unavailable\",\"message\":\"The Keyport daemon is not"
                            + " reachable.\"}");
                    return;
                }
                reply(exchange, answer.status(), answer.body());
            }
        }
    }

    /** As the daemon's own endpoint: a browser names the page's origin, and says where a request came from. */
    private static boolean fromABrowserPage(HttpExchange exchange) {
        if (exchange.getRequestHeaders().containsKey("Origin")) {
            return true;
        }
        java.util.List<String> site = exchange.getRequestHeaders().get("Sec-Fetch-Site");
        return site != null && site.stream().anyMatch(value -> !value.strip().equalsIgnoreCase("none"));
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
