package dev.keyport.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.api.text.TerminalText;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpWeb;
import dev.keyport.spi.JsonTree;
import dev.keyport.spi.KeyportException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The {@link IdpWeb} of one session's headless logins: the JDK's HTTP client with a cookie jar of its own, kept in
 * memory only (an Okta {@code sid} lives in it from one login to the next), Jackson for JSON and jsoup for HTML forms.
 * Redirects are followed for GETs within one origin only (see {@link #send}); an answer is read up to 4 MiB, within
 * one deadline. Nothing it sends or receives is logged.
 */
final class IdpWebClient implements IdpWeb {
    /** Bodies beyond this are not an IdP's answer to a sign-in. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    private final ObjectMapper json;
    private final Duration timeout;

    /**
     * One HTTP client for every session's logins, made on the first headless login: a client holds a selector
     * thread, and a client per session would keep one per session. The cookies are this object's own, sent and
     * stored by hand ({@link #exchange}), so sessions still never see each other's.
     */
    private static final class Shared {
        static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    IdpWebClient(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public Reply postJson(URI uri, Map<String, ?> body, Map<String, String> headers) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a JSON body of maps, lists and plain values", e);
        }
        return send(request(uri, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    @Override
    public Reply get(URI uri, Map<String, String> headers) {
        return send(request(uri, headers).GET().build());
    }

    @Override
    public Reply submit(Form form) {
        String encoded = form.fields().entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        if ("GET".equals(form.method())) {
            URI action = form.action();
            String query = action.getRawQuery() == null ? encoded : action.getRawQuery() + "&" + encoded;
            return get(URI.create(action.getScheme() + "://" + action.getRawAuthority() + action.getRawPath()
                    + "?" + query), Map.of());
        }
        return send(request(form.action(), Map.of()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build());
    }

    @Override
    public Optional<String> cookie(URI uri, String name) {
        return cookies.getCookieStore().get(uri).stream().filter(c -> c.getName().equals(name) && !c.hasExpired())
                .map(HttpCookie::getValue).findFirst();
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "A headless login can only reach http(s) URLs, not "
                    + uri.getScheme() + ":.");
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
            headers.forEach((k, v) -> {
                if (!"Content-Type".equalsIgnoreCase(k)) {
                    b.header(k, v);
                }
            });
            return b;
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the header's value, which may be a token: none of it is repeated.
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + origin(uri) + " answered with a"
                    + " value that cannot be sent back in a request header. Sign in with the browser instead"
                    + " (--login-flow browser).");
        }
    }

    /**
     * Sends a request and follows redirects by hand: only a GET is followed, and only within the origin it was sent
     * to. A password or code is POSTed, and a 307/308 would have the JDK post it again wherever the answer points; an
     * answer that leaves the origin is returned as it is, for the provider to refuse.
     */
    private Reply send(HttpRequest first) {
        HttpRequest request = first;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = exchange(request);
            String location = response.statusCode() >= 300 && response.statusCode() < 400
                    ? response.headers().firstValue("Location").orElse(null) : null;
            if (location == null || !"GET".equals(request.method()) || hop >= MAX_REDIRECTS) {
                return reply(response);
            }
            URI next;
            try {
                next = request.uri().resolve(location);
            } catch (IllegalArgumentException e) {
                return reply(response);
            }
            if (!origin(next).equalsIgnoreCase(origin(request.uri()))) {
                return reply(response);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(next).timeout(timeout).GET();
            request.headers().map().forEach((k, values) -> values.forEach(v -> b.header(k, v)));
            request = b.build();
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> call = Shared.HTTP.sendAsync(withCookies(request),
                info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            // One deadline for headers and body: an IdP that trickles its answer cannot hold the sign-in.
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was called off.");
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + origin(request.uri()) + " did not"
                    + " answer within " + timeout.toSeconds() + " seconds. Try again later, or raise"
                    + " keyport.login.idp-timeout.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LimitedBody.TooLarge) {
                throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + origin(request.uri())
                        + " answered with more than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB; that is no sign-in"
                        + " page.");
            }
            // The exception's own message may quote the URL with a token in its query: name the origin only.
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not reach " + origin(request.uri()) + " ("
                    + (e.getCause() == null ? "failure" : e.getCause().getClass().getSimpleName()) + "). Check the"
                    + " network and the session's SAML URL, then start again.");
        }
        try {
            cookies.put(response.uri(), response.headers().map());
        } catch (IOException | IllegalArgumentException e) {
            // A cookie the jar cannot take is dropped, as a browser drops it.
        }
        return response;
    }

    /** The request with this client's cookies for its URI (the cookie policy decides which). */
    private HttpRequest withCookies(HttpRequest request) {
        List<String> values;
        try {
            values = cookies.get(request.uri(), Map.of()).getOrDefault("Cookie", List.of());
        } catch (IOException e) {
            values = List.of();
        }
        if (values.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Cookie", String.join("; ", values))
                .build();
    }

    private Reply reply(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return new Reply(response.statusCode(), response.uri(), type.contains("json") ? jsonOf(body)
                : JsonTree.missing(), type.contains("html") ? forms(body, response.uri()) : List.of(), body);
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private JsonTree jsonOf(String body) {
        try {
            return new JsonTree(printable(json.readValue(body, Object.class)));
        } catch (IOException e) {
            return JsonTree.missing();
        }
    }

    /**
     * The IdP's JSON with control characters and bidirectional overrides in its strings replaced by '?': its texts end
     * up in messages, logs and terminals, where they must not forge lines or move a cursor, and no token or
     * SAMLResponse has any.
     */
    @SuppressWarnings("unchecked")
    static Object printable(Object value) {
        if (value instanceof String text) {
            return TerminalText.printable(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> clean = new LinkedHashMap<>();
            map.forEach((k, v) -> clean.put((String) printable(String.valueOf(k)), printable(v)));
            return clean;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(IdpWebClient::printable).toList();
        }
        return value;
    }

    /** The forms of an HTML page, with values decoded and actions resolved against the page's address. */
    static List<Form> forms(String html, URI page) {
        Document doc = Jsoup.parse(html, page.toString());
        List<Form> forms = new ArrayList<>();
        for (Element form : doc.select("form")) {
            String action = form.absUrl("action");
            URI target;
            try {
                target = action.isEmpty() ? page : URI.create(action);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Element input : form.select("input[name]")) {
                fields.putIfAbsent(input.attr("name"), input.attr("value"));
            }
            String method = form.attr("method").isBlank() ? "GET" : form.attr("method").toUpperCase(Locale.ROOT);
            forms.add(new Form(target, method, fields));
        }
        return forms;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
