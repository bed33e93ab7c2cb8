package dev.keyport.browser.cdp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one field of an {@code application/x-www-form-urlencoded} body, such as {@code SAMLResponse} from the
 * HTTP-POST binding.
 *
 * <p>The body must be URL-decoded before the field is base64-decoded: a SAML response's {@code +}, {@code /} and
 * {@code =} arrive as {@code %2B}, {@code %2F} and {@code %3D}, and a raw {@code +} means a space. Values are never
 * logged or included in exceptions.
 */
public final class FormFields {

    private FormFields() {
    }

    /**
     * The first value of field {@code name} in the paused request's body.
     *
     * @return empty when there is no body in the event, the body declares a content type other than URL-encoded
     *         form data (multipart is not supported), the field is absent, or its value is not valid
     *         percent-encoding
     */
    public static Optional<String> field(PausedRequest request, String name) {
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isPresent() && !contentType.get().trim().toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        return request.body().flatMap(body -> field(body, name));
    }

    /** The first value of field {@code name} in a URL-encoded form body (UTF-8), in any parameter order. */
    public static Optional<String> field(byte[] body, String name) {
        Objects.requireNonNull(name);
        String form = new String(body, StandardCharsets.UTF_8);
        int start = 0;
        while (start <= form.length()) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? form.length() : amp;
            if (end > start) {
                int eq = form.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                Optional<String> key = decode(form.substring(start, hasValue ? eq : end));
                if (key.isPresent() && key.get().equals(name)) {
                    return hasValue ? decode(form.substring(eq + 1, end)) : Optional.of("");
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String s) {
        try {
            return Optional.of(URLDecoder.decode(s, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Malformed %-escape: URLDecoder's message would quote the (secret) input.
            return Optional.empty();
        }
    }
}
