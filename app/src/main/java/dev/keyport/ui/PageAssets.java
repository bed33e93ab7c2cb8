package dev.keyport.ui;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the web page's files ({@code /ui/}) from memory: a fixed list read once from the class path
 * ({@code keyport-ui/}) when the page is first asked for (not at start-up, which stays as quick as it was), each
 * with its gzip form and an ETag. A fixed list leaves no path to resolve (nothing to
 * traverse), and memory needs no cache folder on disk, which Vert.x's own static handler would want (Keyport turns its
 * class-path resolving off for that reason). The access filter has run first and added the security headers.
 */
@Singleton
public class PageAssets {
    static final String FOLDER = "keyport-ui/";
    /** The page's files and their types; nothing else is served under /ui/. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "icon.svg", "image/svg+xml");

    record Asset(String type, Buffer plain, Buffer gzip, String etag) {
    }

    private volatile Map<String, Asset> assets;

    void routes(@Observes Router router) {
        // Before the REST layer's catch-all route, after the access filter (a filter runs before every route).
        router.routeWithRegex("/ui(/.*)?").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).method(HttpMethod.GET)
                .method(HttpMethod.HEAD).handler(this::serve);
    }

    void serve(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith(BrowserAccess.PAGE_PREFIX)) {
            ctx.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, BrowserAccess.PAGE_PREFIX).end();
            return;
        }
        String name = path.substring(BrowserAccess.PAGE_PREFIX.length());
        Asset asset = assets().get(name.isEmpty() ? "index.html" : name);
        var response = ctx.response();
        if (asset == null) {
            response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("Not found. Keyport's page is at " + BrowserAccess.PAGE_PREFIX);
            return;
        }
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG, asset.etag())
                .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (asset.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        String accepted = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = accepted != null && accepted.contains("gzip");
        Buffer body = gzip ? asset.gzip() : asset.plain();
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.type());
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            response.end(body);
        }
    }

    private Map<String, Asset> assets() {
        Map<String, Asset> loaded = assets;
        if (loaded == null) {
            synchronized (this) {
                if (assets == null) {
                    assets = read();
                }
                loaded = assets;
            }
        }
        return loaded;
    }

    private static Map<String, Asset> read() {
        Map<String, Asset> read = new java.util.HashMap<>();
        FILES.forEach((name, type) -> {
            try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("The page's file " + FOLDER + name + " is missing from the build");
                }
                byte[] bytes = in.readAllBytes();
                read.put(name, new Asset(type, Buffer.buffer(bytes), Buffer.buffer(gzip(bytes)), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(read);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
