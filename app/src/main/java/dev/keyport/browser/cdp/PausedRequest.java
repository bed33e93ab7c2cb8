package dev.keyport.browser.cdp;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request held by the browser at a {@code Fetch.requestPaused} event (request stage). It must be answered with
 * {@link CdpPage#fulfill} or {@link CdpPage#fail}, or the page waits forever.
 *
 * <p>The body may hold a SAML response: {@link #toString()} shows neither the body nor the URL's query.
 */
public final class PausedRequest {

    private final String requestId;
    private final String url;
    private final String method;
    private final String resourceType;
    private final String networkId;
    private final Map<String, String> headers;
    private final boolean hasPostData;
    private final JsonNode request;

    private PausedRequest(JsonNode params) {
        this.request = params.path("request");
        this.requestId = params.path("requestId").asText();
        this.url = request.path("url").asText();
        this.method = request.path("method").asText();
        this.resourceType = params.path("resourceType").asText("");
        this.networkId = params.hasNonNull("networkId") ? params.get("networkId").asText() : null;
        Map<String, String> h = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.put(e.getKey(), e.getValue().asText());
        }
        this.headers = Collections.unmodifiableMap(h);
        this.hasPostData = request.path("hasPostData").asBoolean(false) || request.hasNonNull("postData")
                || request.path("postDataEntries").size() > 0;
    }

    /** Reads the {@code params} of a {@code Fetch.requestPaused} event. */
    public static PausedRequest fromEvent(JsonNode params) {
        Objects.requireNonNull(params);
        if (!params.hasNonNull("requestId")) {
            throw new IllegalArgumentException("not a Fetch.requestPaused event: no requestId");
        }
        return new PausedRequest(params);
    }

    /** The Fetch id to answer with (not the Network id). */
    public String requestId() {
        return requestId;
    }

    /** The full URL, fragment excluded (as CDP reports it). */
    public String url() {
        return url;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** {@code Document} for a navigation such as a form post, {@code Other}/{@code Image} for a favicon, etc. */
    public String resourceType() {
        return resourceType;
    }

    /** The Network domain's id, needed only for {@code Network.getRequestPostData}. */
    public Optional<String> networkId() {
        return Optional.ofNullable(networkId);
    }

    /** The request headers as Chromium reports them (a form post from a {@code data:} page has Origin "null"). */
    public Map<String, String> headers() {
        return headers;
    }

    /** A header value by case-insensitive name. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Whether the request has a body, even if the event did not carry it. */
    public boolean hasPostData() {
        return hasPostData;
    }

    /**
     * The request body, from {@code postDataEntries} (each entry's base64 bytes decoded and concatenated: exact for
     * any content) or else {@code postData} (a string, exact only for text bodies such as URL-encoded forms). Empty
     * when the event carried no body; CDP may omit it for large bodies ({@link #hasPostData()} is then true and
     * {@code Network.getRequestPostData} with the {@link #networkId()} is the fallback).
     *
     * @return a fresh copy each call
     */
    public Optional<byte[]> body() {
        JsonNode entries = request.path("postDataEntries");
        if (entries.isArray() && entries.size() > 0) {
            Optional<byte[]> decoded = decodeEntries(entries);
            if (decoded.isPresent()) {
                return decoded;
            }
        }
        JsonNode postData = request.get("postData");
        if (postData != null && postData.isTextual()) {
            return Optional.of(postData.asText().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decodeEntries(JsonNode entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (JsonNode entry : entries) {
                JsonNode bytes = entry.get("bytes");
                if (bytes != null && bytes.isTextual()) {
                    out.writeBytes(Base64.getDecoder().decode(bytes.asText()));
                } else {
                    // An entry without bytes (e.g. a file upload): the entries do not describe the whole body.
                    return Optional.empty();
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    /** Method, scheme/host/path and ids only: no query, no headers, no body. */
    @Override
    public String toString() {
        return "PausedRequest[" + requestId + " " + method + " " + withoutQuery(url) + " " + resourceType + "]";
    }

    private static String withoutQuery(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return u.getScheme() == null ? "?" : u.getScheme().toLowerCase(Locale.ROOT) + ":…";
            }
            return u.getScheme() + "://" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
