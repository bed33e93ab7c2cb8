package dev.keyport.api;

import dev.keyport.api.model.ProblemCode;
import dev.keyport.daemon.IdleMemory;
import dev.keyport.delivery.ContainerEndpointDelivery;
import dev.keyport.ui.BrowserAccess;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import io.quarkus.runtime.configuration.MemorySize;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guards every HTTP route of the daemon, /q/health and the OpenAPI document included, on the TCP port and on the
 * Unix domain socket alike. In this order:
 * <ol>
 *   <li>The path must be exactly the one the router routes: a path with dot segments (plain or percent-encoded), empty
 *       segments, backslashes or percent-encodings the router would decode gets 400. The router normalises paths
 *       before matching them, so deciding on any other form would let {@code /container-credentials/%2e%2e/api/...}
 *       reach the API on the container endpoint's terms.</li>
 *   <li>A request must say which host it is for (Host, or HTTP/2's :authority): none gets 400.</li>
 *   <li>A request through a foreign host name (DNS rebinding: Host other than 127.0.0.1:PORT or localhost:PORT) gets
 *       403.</li>
 *   <li>A request from a web page (an Origin header, or a Sec-Fetch-Site other than "none") gets 403 unless
 *       {@link BrowserAccess} lets it through: Keyport's own page, signed in with {@code keyport ui}, on the routes
 *       the page uses. The page's static files under /ui/ need no token (they hold no secret).</li>
 *   <li>A request without the bearer token gets 401, except a GET of one container credentials grant, whose every
 *       grant has a token of its own ({@link ContainerEndpointDelivery}).</li>
 *   <li>A body announced larger than {@code quarkus.http.limits.max-body-size} gets 413 (with a problem document,
 *       which the framework's own check would not send).</li>
 * </ol>
 * No CORS headers are ever sent, and no answer names a file. Every answer carries a strict Content-Security-Policy
 * and the headers that keep other sites from framing, sniffing or embedding it ({@link #securityHeaders}).
 */
@Singleton
public class ApiAccessFilter {
    /** The one route that does not take the API token: a GET of {@code /container-credentials/<grant id>}. */
    private static final Pattern CONTAINER_GRANT_PATH =
            Pattern.compile(Pattern.quote(ContainerEndpointDelivery.BASE_PATH) + "[A-Za-z0-9_-]{43}");
    /** A dot segment, plain or with either dot percent-encoded (any case). */
    private static final Pattern DOT_SEGMENT = Pattern.compile("(?i)(^|/)(\\.|%2e){1,2}(/|$)");

    private final ApiToken token;
    private final long maxBodyBytes;
    private final IdleMemory idleMemory;
    private final BrowserAccess browsers;

    public ApiAccessFilter(ApiToken token,
                           @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                           IdleMemory idleMemory, BrowserAccess browsers) {
        this.token = token;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.idleMemory = idleMemory;
        this.browsers = browsers;
    }

    /**
     * The page's policy, sent with every answer (the API's JSON included: an answer opened as a document runs nothing):
     * scripts, styles and connections from the daemon's own origin only, no inline script or style, no frames, no
     * forms posted anywhere, nothing from outside.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    static void securityHeaders(io.vertx.core.http.HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    void check(RoutingContext ctx) {
        idleMemory.requestReceived();
        HttpServerRequest request = ctx.request();
        securityHeaders(ctx.response());
        if (!request.path().startsWith(BrowserAccess.PAGE_PREFIX)) {
            // Answers of the API are state and secrets of the moment: no cache, the browser's included, keeps them.
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        Optional<String> pathProblem = pathProblem(request.path(), ctx.normalizedPath());
        if (pathProblem.isPresent()) {
            deny(ctx, ProblemCode.MALFORMED_REQUEST, pathProblem.get());
            return;
        }
        if (!request.uri().startsWith("/")) {
            // Absolute form ("GET http://host/path") or "*": programs send the path alone.
            deny(ctx, ProblemCode.MALFORMED_REQUEST, "The request target must be a path starting with '/'.");
            return;
        }
        if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
            deny(ctx, ProblemCode.MALFORMED_REQUEST, "The request has more than one Host header.");
            return;
        }
        String host = host(request);
        if (host == null) {
            deny(ctx, ProblemCode.MALFORMED_REQUEST, "The request names no host (no Host header, no HTTP/2 :authority)."
                    + " Send 'Host: 127.0.0.1:PORT' or 'Host: localhost:PORT'.");
            return;
        }
        if (!hostAllowed(host, request.localAddress())) {
            int port = request.localAddress() == null ? -1 : request.localAddress().port();
            deny(ctx, ProblemCode.WRONG_HOST, "The Host header must be 127.0.0.1:" + port + " or localhost:" + port + ".");
            return;
        }
        if (fromWebPage(request)) {
            // No browser reaches the Unix domain socket: a request there that claims to be from one is refused.
            Optional<String> refusal = request.localAddress() == null || request.localAddress().isDomainSocket()
                    ? Optional.of("Requests from web pages are refused on the daemon's socket.")
                    : browsers.refusal(request, host, request.localAddress().port());
            if (refusal.isPresent()) {
                deny(ctx, ProblemCode.WEB_ORIGIN, refusal.get());
                return;
            }
            if (!refusedAsTooLarge(ctx)) {
                browsers.endWithItsSignIn(ctx, host, request.localAddress().port());
                ctx.next();
            }
            return;
        }
        if (BrowserAccess.isPageRequest(request.method(), request.path())) {
            ctx.next(); // the page's static files hold no secret
            return;
        }
        if (request.method() == HttpMethod.GET && CONTAINER_GRANT_PATH.matcher(request.path()).matches()) {
            // The container endpoint checks its grant's own token: the SDKs send it verbatim, without "Bearer".
            ctx.next();
            return;
        }
        if (!token.matches(bearer(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"keyport\"");
            deny(ctx, ProblemCode.UNAUTHORIZED, "Send the daemon's API token as 'Authorization: Bearer <token>'. It is"
                    + " in the file api-token in Keyport's home directory, readable by you alone.");
            return;
        }
        if (!refusedAsTooLarge(ctx)) {
            ctx.next();
        }
    }

    private boolean refusedAsTooLarge(RoutingContext ctx) {
        if (tooLarge(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            // The framework would refuse it a step later with an empty answer; say what is wrong instead.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            deny(ctx, ProblemCode.TOO_LARGE, "The request body is larger than the daemon accepts ("
                    + maxBodyBytes / (1024 * 1024) + " MB; a SAMLResponse may be up to keyport.assertion.max-size).");
            return true;
        }
        return false;
    }

    private boolean tooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Why a request path is refused, if it is: it must already be in the form the router matches ({@code normalized}),
     * and hold no dot segment, empty segment or backslash in any encoding.
     */
    static Optional<String> pathProblem(String raw, String normalized) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return Optional.of("The request path must start with '/'.");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (DOT_SEGMENT.matcher(raw).find() || raw.contains("//") || lower.contains("%2f%2f")
                || raw.indexOf('\\') >= 0 || lower.contains("%5c") || !raw.equals(normalized)) {
            return Optional.of("The request path holds '.' or '..' segments, empty segments, backslashes or"
                    + " percent-encoded characters that need no encoding. Send the path exactly as the API documents"
                    + " it (see /api/v1/openapi).");
        }
        return Optional.empty();
    }

    /** The host a request is addressed to: the Host header, else HTTP/2's :authority; null when it names none. */
    public static String host(HttpServerRequest request) {
        HostAndPort authority;
        try {
            authority = request.authority();
        } catch (RuntimeException e) {
            // Vert.x refuses to make one up for an HTTP/2 request without :authority.
            return null;
        }
        String header = request.getHeader(HttpHeaders.HOST);
        if (authority == null || authority.host() == null || authority.host().isBlank()) {
            // Vert.x parses the Host header into the authority; a header it could not parse names no usable host.
            return null;
        }
        String host = authority.host() + (authority.port() >= 0 ? ":" + authority.port() : "");
        if (header != null && !header.trim().equalsIgnoreCase(host)) {
            // HTTP/2 with both :authority and a different Host: which one counts would be anyone's guess.
            return null;
        }
        return host;
    }

    /**
     * Browsers send Origin on cross-origin and state-changing requests and Sec-Fetch-Site on every request they make
     * (except "none": the person typed the address); programs send neither.
     */
    static boolean fromWebPage(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.ORIGIN) != null || request.headers().getAll("Sec-Fetch-Site").stream()
                .anyMatch(site -> !site.trim().equalsIgnoreCase("none"));
    }

    /**
     * On the TCP port: exactly 127.0.0.1:PORT or localhost:PORT (a rebound DNS name gets nowhere). On the Unix domain
     * socket, which no browser can reach: localhost or 127.0.0.1, with any port or none.
     */
    static boolean hostAllowed(String host, SocketAddress local) {
        String value = host.toLowerCase(Locale.ROOT);
        if (local != null && local.isDomainSocket()) {
            return value.matches("(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?");
        }
        int port = local == null ? -1 : local.port();
        return value.equals("127.0.0.1:" + port) || value.equals("localhost:" + port);
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static void deny(RoutingContext ctx, ProblemCode code, String detail) {
        ctx.response().setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Problem.of(code, detail).toJson());
    }
}
