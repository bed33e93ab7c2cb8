package dev.keyport.ui;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use the daemon from a browser, decided on the exact path the router routes (the access filter has already
 * refused any other form of it, and any foreign Host). A request is from a browser when it carries Origin or a
 * Sec-Fetch-Site other than "none"; programs send neither, and use the API token as before.
 *
 * <ul>
 *   <li>The page itself ({@code GET /ui/...}): static files with no secret in them, for the person who opened the
 *       link, or a top-level link from elsewhere. Another site can neither frame them (Content-Security-Policy
 *       frame-ancestors, X-Frame-Options) nor load them as scripts or images (Cross-Origin-Resource-Policy, and
 *       Sec-Fetch-Dest refused here).</li>
 *   <li>The API, from the page: only from the daemon's own origin (Origin, when sent, is exactly
 *       {@code http://HOST} of this request and Sec-Fetch-Site, when sent, is "same-origin"; a state-changing request
 *       without Origin is refused), only the routes the page uses ({@link #PAGE_ROUTES}: never the raw credentials nor
 *       the container endpoint), and only with a live sign-in's cookie and its CSRF token in {@value #CSRF_HEADER}.</li>
 * </ul>
 */
@Singleton
public class BrowserAccess {
    public static final String CSRF_HEADER = "X-Keyport-CSRF";
    public static final String PAGE_PREFIX = "/ui/";
    public static final String SIGN_IN_PATH = "/api/v1/ui/sign-in";

    /** A route the page may call: a method and the exact path shape. */
    record Route(HttpMethod method, Pattern path) {
        boolean matches(HttpMethod m, String p) {
            return method.equals(m) && path.matcher(p).matches();
        }
    }

    private static final String SEGMENT = "[^/]{1,300}";
    /** What the page calls, and nothing else: the raw credentials and the container endpoint stay with programs. */
    static final List<Route> PAGE_ROUTES = List.of(
            route(HttpMethod.GET, "/api/v1/sessions"),
            route(HttpMethod.POST, "/api/v1/sessions"),
            route(HttpMethod.POST, "/api/v1/session-check"),
            route(HttpMethod.GET, "/api/v1/sessions/" + SEGMENT),
            route(HttpMethod.PUT, "/api/v1/sessions/" + SEGMENT),
            route(HttpMethod.DELETE, "/api/v1/sessions/" + SEGMENT),
            route(HttpMethod.POST, "/api/v1/sessions/" + SEGMENT
                    + "/(start|stop|refresh|rotate|logout|console|challenge)"),
            route(HttpMethod.GET, "/api/v1/events"),
            route(HttpMethod.GET, "/api/v1/providers"),
            route(HttpMethod.GET, "/api/v1/providers/detect"),
            route(HttpMethod.GET, "/api/v1/diagnostics"),
            // Discoveries keep the assertion in the daemon; .../sign-in would hand it out (credentials, via STS).
            route(HttpMethod.POST, "/api/v1/assertions/discoveries"),
            route(HttpMethod.POST, "/api/v1/assertions/discoveries/" + SEGMENT + "/sessions"),
            route(HttpMethod.POST, "/api/v1/ui/sign-out"));
    /** The event stream: held open, so it is closed when its sign-in ends. */
    static final String EVENTS_PATH = "/api/v1/events";

    private final BrowserSignIns signIns;

    public BrowserAccess(BrowserSignIns signIns) {
        this.signIns = signIns;
    }

    /** The cookie's name: one per port, so two daemons on one machine (two users) never overwrite each other's. */
    public static String cookieName(int port) {
        return "keyport-ui-" + port;
    }

    /** A GET or HEAD of the page's static files. */
    public static boolean isPageRequest(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && (path.equals("/ui") || path.startsWith(PAGE_PREFIX));
    }

    /**
     * Why a browser's request is refused, if it is; empty when it may go on.
     *
     * @param host the Host the request names, already known to be the daemon's own (127.0.0.1:PORT, localhost:PORT)
     * @param port the daemon's TCP port (the cookie's name)
     */
    public Optional<String> refusal(HttpServerRequest request, String host, int port) {
        String path = request.path();
        HttpMethod method = request.method();
        for (String header : List.of("Origin", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", CSRF_HEADER,
                "Cookie")) {
            if (request.headers().getAll(header).size() > 1) {
                // Browsers send each once; with two, which one a check read would be anyone's guess.
                return Optional.of("Requests from web pages must carry " + header + " at most once.");
            }
        }
        String site = lower(request.getHeader("Sec-Fetch-Site"));
        if (isPageRequest(method, path)) {
            if (site == null || site.equals("none") || site.equals("same-origin")) {
                return Optional.empty();
            }
            boolean topLevel = "navigate".equals(lower(request.getHeader("Sec-Fetch-Mode")))
                    && "document".equals(lower(request.getHeader("Sec-Fetch-Dest")));
            return topLevel ? Optional.empty() : Optional.of("Keyport's page may be opened from a link, but web pages"
                    + " cannot embed or load its files.");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return Optional.of("Requests from web pages are refused unless they come from Keyport's own page"
                    + " (origin http://" + host + ").");
        }
        if (site != null && !site.equals("same-origin")) {
            return Optional.of("Requests from web pages are refused unless they come from Keyport's own page.");
        }
        if (origin == null && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return Optional.of("Requests from web pages that change something must carry their Origin.");
        }
        if (PAGE_ROUTES.stream().noneMatch(r -> r.matches(method, path))
                && !(method == HttpMethod.POST && path.equals(SIGN_IN_PATH))) {
            return Optional.of("Requests from web pages may use only what Keyport's page uses; credentials and"
                    + " container endpoints are for programs holding the API token.");
        }
        if (path.equals(SIGN_IN_PATH)) {
            return Optional.empty(); // the one-time code is checked by the resource
        }
        Optional<String> cookie = signedInCookie(request, host, port);
        Optional<BrowserSignIns.SignIn> signIn = cookie.flatMap(value -> signIns.find(value, host));
        if (signIn.isEmpty()) {
            return Optional.of("Requests from web pages need a sign-in: run 'keyport ui' to open Keyport's page"
                    + " signed in.");
        }
        if (!BrowserSignIns.csrfMatches(signIn.get(), request.getHeader(CSRF_HEADER))) {
            return Optional.of("Requests from web pages need the page's CSRF token in " + CSRF_HEADER
                    + "; reload the page, or run 'keyport ui' again.");
        }
        return Optional.empty();
    }

    /**
     * For a browser's request that {@link #refusal} let through: an event stream outlives the checks made when it
     * opened, so its connection is closed when its sign-in ends (sign-out, expiry, {@code --sign-out-all}).
     */
    public void endWithItsSignIn(RoutingContext ctx, String host, int port) {
        if (!ctx.request().path().equals(EVENTS_PATH)) {
            return;
        }
        signedInCookie(ctx.request(), host, port).ifPresent(cookie -> {
            Runnable forget = signIns.onEnd(cookie, () -> ctx.request().connection().close());
            ctx.addEndHandler(done -> forget.run()); // the stream ended first: nothing to close later
        });
    }

    /**
     * The value of this port's cookie that names a live sign-in on {@code host}. A program on another port of the
     * same host can set a cookie of the same name (cookies ignore ports), with a longer path that the browser sends
     * first: every value of the name is tried, so such a cookie cannot shadow the real one.
     */
    /**
     * Who is asking, for things kept on a client's behalf (a held assertion): "browser:" and a digest of the live
     * sign-in's cookie for Keyport's page, else "token" (a program holding the API token, the only other way in).
     */
    public String requester(HttpServerRequest request) {
        if (request.localAddress() == null || request.localAddress().isDomainSocket()) {
            return "token";
        }
        String host = dev.keyport.api.ApiAccessFilter.host(request);
        return signedInCookie(request, host, request.localAddress().port())
                .map(cookie -> "browser:" + sha256(cookie))
                .orElse("token");
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> signedInCookie(HttpServerRequest request, String host, int port) {
        String header = request.getHeader(HttpHeaders.COOKIE);
        if (header == null) {
            return Optional.empty();
        }
        String prefix = cookieName(port) + "=";
        for (String part : header.split(";")) {
            String pair = part.trim();
            if (pair.startsWith(prefix) && signIns.find(pair.substring(prefix.length()), host).isPresent()) {
                return Optional.of(pair.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static Route route(HttpMethod method, String path) {
        return new Route(method, Pattern.compile(path));
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
