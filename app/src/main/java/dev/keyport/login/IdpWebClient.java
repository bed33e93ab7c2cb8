package dev.keyport.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.stream.Collectors;

/**
 * The {@link IdpWeb} of one session's headless logins: the JDK's HTTP client with a cookie jar of its own, kept in
 * memory only (an Okta {@code sid} lives in it from one login to the next), Jackson for JSON and jsoup for HTML forms.
 * Redirects are followed except from https to http. Nothing it sends or receives is logged.
 */
final class IdpWebClient implements IdpWeb {
    /** Bodies beyond this are not an IdP's answer to a sign-in. */
    private static final int MAX_BODY_CHARS = 4 * 1024 * 1024;

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    IdpWebClient(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout).build();
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
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach((k, v) -> {
            if (!"Content-Type".equalsIgnoreCase(k)) {
                b.header(k, v);
            }
        });
        return b;
    }

    private Reply send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was called off.");
        } catch (IOException e) {
            // The exception's own message may quote the URL with a token in its query: name the host only.
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not reach " + request.uri().getScheme()
                    + "://" + request.uri().getRawAuthority() + " (" + e.getClass().getSimpleName() + "). Check the"
                    + " network and the session's SAML URL, then start again.");
        }
        String body = response.body() == null ? "" : response.body();
        if (body.length() > MAX_BODY_CHARS) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "The IdP at " + response.uri().getRawAuthority()
                    + " answered with more than " + MAX_BODY_CHARS / (1024 * 1024) + " MiB; that is no sign-in page.");
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return new Reply(response.statusCode(), response.uri(), type.contains("json") ? jsonOf(body)
                : JsonTree.missing(), type.contains("html") ? forms(body, response.uri()) : List.of(), body);
    }

    private JsonTree jsonOf(String body) {
        try {
            return new JsonTree(json.readValue(body, Object.class));
        } catch (IOException e) {
            return JsonTree.missing();
        }
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
