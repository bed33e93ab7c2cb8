package dev.keyport.testkit;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IdP's sign-in page, for logins that need a person: {@code /_testkit/idp?...&signIn=required} sends a browser that
 * has not signed in here to {@code GET /_testkit/sign-in?next=...}, a form with one field (any user name); posting it
 * sets a session cookie (no expiry, as IdPs keep their sign-in) and returns to {@code next}, which then posts the
 * assertion. A later login in the same browser profile signs in silently, as long as the cookie survives.
 */
final class SignInStandIn {
    static final String PATH = "/_testkit/sign-in";
    static final String COOKIE = "testkit_signed_in";
    /**
     * Set when the IdP page sends the browser to sign in, and required when the form is posted, as IdPs tie a sign-in
     * to the flow that started it: the browser the person signs in with must have the one that was sent there.
     */
    static final String FLOW_COOKIE = "testkit_flow";

    private SignInStandIn() {
    }

    /** Whether an IdP page request must first go through the sign-in page. */
    static boolean mustSignIn(HttpExchange ex, Map<String, String> query) {
        return "required".equals(query.get("signIn")) && !hasCookie(ex, COOKIE);
    }

    private static boolean hasCookie(HttpExchange ex, String name) {
        List<String> cookies = ex.getRequestHeaders().getOrDefault("Cookie", List.of());
        return cookies.stream().flatMap(c -> List.of(c.split(";")).stream())
                .anyMatch(c -> c.strip().startsWith(name + "="));
    }

    /** Sends the browser to the sign-in page, to come back to where it was. */
    static void redirectToSignIn(HttpExchange ex) throws IOException {
        String next = ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery();
        ex.getResponseHeaders().set("Location", PATH + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        ex.getResponseHeaders().add("Set-Cookie", FLOW_COOKIE + "=1; Path=/; HttpOnly; SameSite=Lax");
        ex.sendResponseHeaders(302, -1);
    }

    /** {@code GET}: the form; {@code POST}: sign in (set the cookie) and go back to {@code next}. */
    static void handle(HttpExchange ex) throws IOException {
        try {
            Map<String, String> query = new LinkedHashMap<>();
            StsEmulator.parseForm(ex.getRequestURI().getRawQuery(), query);
            if ("POST".equals(ex.getRequestMethod()) && PATH.equals(ex.getRequestURI().getPath())) {
                Map<String, String> form = new LinkedHashMap<>();
                StsEmulator.parseForm(new String(ex.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8), form);
                String user = form.getOrDefault("user", "").strip();
                String next = form.getOrDefault("next", "");
                if (user.isEmpty() || !next.startsWith("/_testkit/idp?") || !hasCookie(ex, FLOW_COOKIE)) {
                    TestkitServer.reply(ex, 400, TestkitServer.TEXT, "Type a user name, in the browser an IdP page sent here.\n");
                    return;
                }
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + URLEncoder.encode(user,
                        StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Lax");
                ex.getResponseHeaders().set("Location", next);
                ex.sendResponseHeaders(303, -1);
                return;
            }
            if (!"GET".equals(ex.getRequestMethod()) || !PATH.equals(ex.getRequestURI().getPath())) {
                TestkitServer.reply(ex, 404, TestkitServer.TEXT, "not found\n");
                return;
            }
            String page = """
                    <!DOCTYPE html>
                    <html lang="en">
                    <head><meta charset="utf-8"><title>Keyport test kit: sign in</title></head>
                    <body>
                    <h1>Sign in (Keyport test kit stand-in)</h1>
                    <form method="post" action="%s">
                    <input type="hidden" name="next" value="%s">
                    <label>User name <input name="user" autofocus></label>
                    <button type="submit">Sign in</button>
                    </form>
                    </body>
                    </html>
                    """.formatted(PATH, TestkitServer.escape(query.getOrDefault("next", "")));
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            TestkitServer.reply(ex, 200, TestkitServer.HTML, page);
        } finally {
            ex.close();
        }
    }
}
