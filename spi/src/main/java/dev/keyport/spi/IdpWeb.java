package dev.keyport.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web client the host lends a {@link HeadlessLogin}: HTTP with JSON and HTML forms already parsed, so that a
 * provider needs no library of its own. One client serves one session: it keeps the IdP's cookies (an Okta {@code sid},
 * say) in memory from one login of the session to the next, which is what lets a refresh re-use the IdP session, and
 * forgets them when the user logs out of the session. Nothing it holds is written to disk.
 *
 * <p>A GET follows redirects within its own origin (scheme, host and port; at most five). A redirect to another
 * origin, and any redirect of a POST, is returned as the reply: a password posted to the IdP is never sent on to
 * where an answer points. A reply with any status is returned, not thrown; an answer over 4 MiB, or one that does
 * not arrive in time, throws {@link ErrorCategory#UNAVAILABLE}. Control characters in the strings of a JSON answer
 * arrive as '?'. an IdP that cannot be reached (connection refused, timeout, TLS failure) throws a {@link KeyportException}
 * of category {@link ErrorCategory#UNAVAILABLE} that names the host. Calls are interruptible: a stop of the session
 * interrupts the login's thread, and the call throws.
 *
 * @since SPI 1.4
 */
public interface IdpWeb {

    /** POSTs {@code body} as JSON (a tree of maps, lists, strings, numbers, booleans and nulls). */
    Reply postJson(URI uri, Map<String, ?> body, Map<String, String> headers);

    /** GETs {@code uri}, following redirects. */
    Reply get(URI uri, Map<String, String> headers);

    /** Submits a form as a browser would (POST as {@code application/x-www-form-urlencoded}, or GET). */
    Reply submit(Form form);

    /** The value of a cookie this client holds for {@code uri}'s host, if any. */
    Optional<String> cookie(URI uri, String name);

    /**
     * What came back.
     *
     * @param status the HTTP status of the last response (after redirects)
     * @param uri    where the last response came from
     * @param json   the body read as JSON; {@link JsonTree#missing()} when it is not JSON
     * @param forms  the HTML forms in the body, in document order; empty when it is not HTML
     * @param body   the body as text
     */
    record Reply(int status, URI uri, JsonTree json, List<Form> forms, String body) {

        /** Whether the status is 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body may hold tokens or a SAMLResponse: never printed. */
        @Override
        public String toString() {
            return "Reply[status=" + status + ", uri=" + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()
                    + ", forms=" + forms.size() + "]";
        }
    }

    /**
     * An HTML form, with its fields' values decoded (HTML entities resolved).
     *
     * @param action where the form goes, resolved against the page's address
     * @param method {@code GET} or {@code POST}, upper case
     * @param fields the named {@code input} fields and their values, in document order
     */
    record Form(URI action, String method, Map<String, String> fields) {

        public Form {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        /** The fields may hold a SAMLResponse or a token: only their names are printed. */
        @Override
        public String toString() {
            return "Form[" + method + " " + action.getScheme() + "://" + action.getAuthority() + action.getPath()
                    + ", fields=" + fields.keySet() + "]";
        }
    }
}
