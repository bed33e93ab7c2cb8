package dev.keyport.api;

import dev.keyport.container.ContainerGrants;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * Guards every HTTP route of the daemon, /q/health included (shared/reference/peers.md §8.3): a request from a web
 * page (any Origin header) or through a foreign host name (DNS rebinding: Host other than 127.0.0.1:PORT or
 * localhost:PORT) gets 403; a request without the bearer token gets 401, except on the container credentials
 * endpoint, whose every grant has a token of its own ({@link ContainerGrants}). No CORS headers are ever sent.
 */
@Singleton
public class ApiAccessFilter {
    private final ApiToken token;

    public ApiAccessFilter(ApiToken token) {
        this.token = token;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.getHeader(HttpHeaders.ORIGIN) != null) {
            deny(ctx, 403, "Forbidden", "Requests from web pages (with an Origin header) are refused: the Keyport API"
                    + " is for local programs only.");
            return;
        }
        if (!hostAllowed(request)) {
            deny(ctx, 403, "Forbidden", "The Host header must be 127.0.0.1:" + request.localAddress().port()
                    + " or localhost:" + request.localAddress().port() + ".");
            return;
        }
        if (request.path().startsWith(ContainerGrants.BASE_PATH)) {
            // The container endpoint checks its grant's own token: the SDKs send it verbatim, without "Bearer".
            ctx.next();
            return;
        }
        if (!token.matches(bearer(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"keyport\"");
            deny(ctx, 401, "Unauthorized", "Send the token from " + token.file()
                    + " as 'Authorization: Bearer <token>'.");
            return;
        }
        ctx.next();
    }

    static boolean hostAllowed(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            // HTTP/2 (including a request upgraded from HTTP/1.1, as Java's HttpClient does) carries :authority.
            host = request.authority().host() + ":" + request.authority().port();
        }
        if (host == null) {
            return false;
        }
        int port = request.localAddress().port();
        String value = host.trim().toLowerCase(Locale.ROOT);
        return value.equals("127.0.0.1:" + port) || value.equals("localhost:" + port);
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static void deny(RoutingContext ctx, int status, String title, String detail) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Problem.of(status, title, detail).toJson());
    }
}
