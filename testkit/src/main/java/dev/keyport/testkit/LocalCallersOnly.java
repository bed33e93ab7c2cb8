package dev.keyport.testkit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Keeps web pages out of the test kit, as the daemon keeps them out of its API: a request must name the kit's own
 * address in {@code Host} (a DNS-rebinding page names its own host), and must carry no {@code Origin} but the kit's
 * own (another page's cross-site form post or fetch carries its origin). Programs (the SDK, the AWS CLI, curl) and a browser's own navigations (the
 * login browser opening the IdP page, a console page) send neither. What the kit hands out is fake, but a page should
 * not be able to read it, or fill the kit's memory with posts.
 */
final class LocalCallersOnly extends Filter {
    private final int port;

    LocalCallersOnly(int port) {
        this.port = port;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        List<String> allowed = List.of("127.0.0.1:" + port, "localhost:" + port);
        boolean ownHost = host != null && allowed.contains(host.toLowerCase(Locale.ROOT));
        // The kit's own pages post to it (the sign-in stand-in's form): their origin is the kit's.
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        boolean fromPage = origin != null && !List.of("http://127.0.0.1:" + port, "http://localhost:" + port)
                .contains(origin.toLowerCase(Locale.ROOT));
        if (!ownHost || fromPage) {
            byte[] body = ((ownHost ? "Requests from web pages are refused." : "The Host must be 127.0.0.1:" + port
                    + " or localhost:" + port + ".") + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "loopback callers naming the kit's own address, not web pages";
    }
}
