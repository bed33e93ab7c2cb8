package dev.keyport.testkit;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Okta's Classic Authentication API and app embed link, as Okta documents them, for {@link EmulatedUsers}:
 * <ul>
 *   <li>{@code POST /api/v1/authn} {@code {"username","password"}}: {@code SUCCESS} with a {@code sessionToken},
 *       {@code MFA_REQUIRED} with the user's factors and a {@code stateToken}, {@code LOCKED_OUT}, or 401
 *       {@code E0000004} for a wrong password;</li>
 *   <li>{@code POST /api/v1/authn/factors/{id}/verify} {@code {"stateToken","passCode"?}}: checks a TOTP or SMS code
 *       (403 {@code E0000068} for a wrong one; the state token stays good), sends an SMS (no passCode), or sends a
 *       push: {@code MFA_CHALLENGE}, {@code factorResult WAITING}, {@code correctAnswer} for number matching and a
 *       {@code _links.next} to poll;</li>
 *   <li>{@code POST /api/v1/authn/factors/{id}/transactions/{tx}/verify}: the push's poll (sends nothing): WAITING,
 *       then SUCCESS, REJECTED or TIMEOUT as the user's behaviour says;</li>
 *   <li>{@code GET /login/sessionCookieRedirect?token=...&redirectUrl=...}: turns a session token into the
 *       {@code sid} cookie and redirects;</li>
 *   <li>{@code GET /home/amazon_aws/{appId}/{n}}: the app embed link. With a live {@code sid}: an HTML page whose form
 *       posts the SAMLResponse (entity-encoded, as Okta writes it) to AWS; without: a redirect to the sign-in page.</li>
 * </ul>
 * Apps are registered with {@link #app}, or named by the embed link's own query
 * ({@code ?role=ROLE_ARN&provider=PROVIDER_ARN}, as the kit's IdP page takes them). It counts pushes sent and password checks per user, so that tests can
 * check that a login sends exactly one push and that a refresh re-uses the Okta session.
 */
public final class OktaEmulator {
    public static final String EMBED_PREFIX = "/home/amazon_aws/";

    private final StsEmulator sts;
    private final SamlResponseFactory factory;
    private final Map<String, String[]> apps = new ConcurrentHashMap<>();
    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final Map<String, String> sessionTokens = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> passwordChecks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> smsSent = new ConcurrentHashMap<>();

    /** One sign-in under way: its user and, for a push, how many polls it has seen. */
    private static final class Transaction {
        final String user;
        final AtomicInteger polls = new AtomicInteger();
        volatile EmulatedUsers.Factor pushing;
        volatile boolean smsSent;

        Transaction(String user) {
            this.user = user;
        }
    }

    OktaEmulator(StsEmulator sts, SamlResponseFactory factory) {
        this.sts = sts;
        this.factory = factory;
        sts.route("/api/v1/authn", this::authn);
        sts.route("/login/sessionCookieRedirect", this::sessionCookieRedirect);
        sts.route("/login/login.htm", ex -> page(ex, 200, "<html><body><form action=\"/login/do-login\">"
                + "<input name=\"username\"></form></body></html>"));
        sts.route(EMBED_PREFIX, this::embedLink);
    }

    /** Registers an AWS app: its embed link signs in as {@code role} through {@code provider}. */
    public OktaEmulator app(String appId, String role, String provider) {
        apps.put(appId, new String[]{role, provider});
        if (!sts.hasProvider(provider)) {
            sts.registerProvider(provider, factory.publicKey());
        }
        return this;
    }

    /** The app's embed link on this emulator (the session's SAML URL). */
    public String embedLink(String appId) {
        return sts.endpoint() + EMBED_PREFIX + appId + "/272";
    }

    /** How many pushes were sent to the user's phone. */
    public int pushesSent(String user) {
        return pushes.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    /** How many SMS codes were sent to the user's phone. */
    public int smsSent(String user) {
        return smsSent.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    /** How many times the user's password was checked. */
    public int passwordChecks(String user) {
        return passwordChecks.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    /** Ends every Okta session (as a timeout or a sign-out elsewhere would): the next login signs in again. */
    public void endSessions() {
        sessions.clear();
    }

    private void authn(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Map<?, ?> body = "POST".equals(ex.getRequestMethod())
                    ? IdpApiReplies.JSON.readValue(ex.getRequestBody(), Map.class) : Map.of();
            if ("/api/v1/authn".equals(path)) {
                primary(ex, body);
                return;
            }
            String[] parts = path.split("/");
            // /api/v1/authn/factors/{factor}/verify, or .../factors/{factor}/transactions/{tx}/verify
            if (parts.length >= 7 && "factors".equals(parts[4]) && "verify".equals(parts[parts.length - 1])) {
                verify(ex, body, parts[5], parts.length == 9);
                return;
            }
            IdpApiReplies.json(ex, 404, error("E0000022", "The endpoint does not support the provided HTTP method"));
        } catch (IOException | RuntimeException e) {
            IdpApiReplies.json(ex, 400, error("E0000003", "The request body was not well-formed."));
        } finally {
            ex.close();
        }
    }

    private void primary(HttpExchange ex, Map<?, ?> body) throws IOException {
        String name = String.valueOf(body.get("username"));
        passwordChecks.computeIfAbsent(name, u -> new AtomicInteger()).incrementAndGet();
        var user = EmulatedUsers.user(name);
        if (user.isEmpty() || !EmulatedUsers.PASSWORD.equals(body.get("password"))) {
            IdpApiReplies.json(ex, 401, error("E0000004", "Authentication failed"));
            return;
        }
        if (user.get().locked()) {
            IdpApiReplies.json(ex, 200, Map.of("status", "LOCKED_OUT"));
            return;
        }
        if (user.get().factors().isEmpty()) {
            IdpApiReplies.json(ex, 200, success(name));
            return;
        }
        String stateToken = IdpApiReplies.token();
        transactions.put(stateToken, new Transaction(name));
        List<Map<String, Object>> factors = new ArrayList<>();
        for (EmulatedUsers.Factor f : user.get().factors()) {
            String id = f.name().toLowerCase().replace('_', '-');
            Map<String, Object> factor = new LinkedHashMap<>();
            factor.put("id", id);
            switch (f) {
                case TOTP -> {
                    factor.put("factorType", "token:software:totp");
                    factor.put("provider", "GOOGLE");
                }
                case SMS -> {
                    factor.put("factorType", "sms");
                    factor.put("provider", "OKTA");
                    factor.put("profile", Map.of("phoneNumber", "+1 XXX-XXX-4242"));
                }
                default -> {
                    factor.put("factorType", "push");
                    factor.put("provider", "OKTA");
                }
            }
            factor.put("_links", Map.of("verify", Map.of("href", sts.endpoint() + "/api/v1/authn/factors/" + id
                    + "/verify")));
            factors.add(factor);
        }
        IdpApiReplies.json(ex, 200, Map.of("status", "MFA_REQUIRED", "stateToken", stateToken, "_embedded",
                Map.of("factors", factors)));
    }

    private void verify(HttpExchange ex, Map<?, ?> body, String factorId, boolean poll) throws IOException {
        Transaction tx = transactions.get(String.valueOf(body.get("stateToken")));
        if (tx == null) {
            IdpApiReplies.json(ex, 403, error("E0000011", "Invalid token provided"));
            return;
        }
        EmulatedUsers.Factor factor;
        try {
            factor = EmulatedUsers.Factor.valueOf(factorId.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            IdpApiReplies.json(ex, 404, error("E0000007", "Not found: Resource not found: " + factorId + " (Factor)"));
            return;
        }
        if (!EmulatedUsers.user(tx.user).orElseThrow().factors().contains(factor)) {
            IdpApiReplies.json(ex, 404, error("E0000007", "Not found: Resource not found: " + factorId + " (Factor)"));
            return;
        }
        String stateToken = String.valueOf(body.get("stateToken"));
        switch (factor) {
            case TOTP, SMS -> {
                Object passCode = body.get("passCode");
                if (factor == EmulatedUsers.Factor.SMS && passCode == null) {
                    tx.smsSent = true;
                    smsSent.computeIfAbsent(tx.user, u -> new AtomicInteger()).incrementAndGet();
                    IdpApiReplies.json(ex, 200, Map.of("status", "MFA_CHALLENGE", "stateToken", stateToken, "_links",
                            Map.of("next", Map.of("name", "verify", "href", sts.endpoint()
                                    + "/api/v1/authn/factors/sms/verify"))));
                    return;
                }
                String expected = factor == EmulatedUsers.Factor.TOTP ? EmulatedUsers.TOTP_CODE
                        : tx.smsSent ? EmulatedUsers.SMS_CODE : null;
                if (expected == null || !expected.equals(passCode)) {
                    IdpApiReplies.json(ex, 403, error("E0000068", "Invalid Passcode/Answer"));
                    return;
                }
                transactions.remove(stateToken);
                IdpApiReplies.json(ex, 200, success(tx.user));
            }
            default -> push(ex, tx, factor, stateToken, poll);
        }
    }

    private void push(HttpExchange ex, Transaction tx, EmulatedUsers.Factor factor, String stateToken, boolean poll)
            throws IOException {
        if (!poll) {
            pushes.computeIfAbsent(tx.user, u -> new AtomicInteger()).incrementAndGet();
            tx.pushing = factor;
            tx.polls.set(0);
            IdpApiReplies.json(ex, 200, waiting(stateToken, factor));
            return;
        }
        if (tx.pushing == null) {
            IdpApiReplies.json(ex, 403, error("E0000011", "Invalid token provided"));
            return;
        }
        int polls = tx.polls.incrementAndGet();
        String result = switch (factor) {
            case PUSH_REJECTED -> "REJECTED";
            case PUSH_TIMEOUT -> "TIMEOUT";
            default -> polls >= 2 ? "SUCCESS" : "WAITING";
        };
        if ("SUCCESS".equals(result)) {
            transactions.remove(stateToken);
            IdpApiReplies.json(ex, 200, success(tx.user));
        } else if ("WAITING".equals(result)) {
            IdpApiReplies.json(ex, 200, waiting(stateToken, factor));
        } else {
            IdpApiReplies.json(ex, 200, Map.of("status", "MFA_CHALLENGE", "stateToken", stateToken, "factorResult", result));
        }
    }

    private Map<String, Object> waiting(String stateToken, EmulatedUsers.Factor factor) {
        String id = factor.name().toLowerCase().replace('_', '-');
        return Map.of("status", "MFA_CHALLENGE", "stateToken", stateToken, "factorResult", "WAITING",
                "_embedded", Map.of("factor", Map.of("id", id, "factorType", "push", "_embedded",
                        Map.of("challenge", Map.of("correctAnswer", Integer.valueOf(EmulatedUsers.PUSH_NUMBER))))),
                "_links", Map.of("next", Map.of("name", "poll", "href", sts.endpoint() + "/api/v1/authn/factors/"
                        + id + "/transactions/tx1/verify")));
    }

    private Map<String, Object> success(String user) {
        String sessionToken = IdpApiReplies.token();
        sessionTokens.put(sessionToken, user);
        return Map.of("status", "SUCCESS", "sessionToken", sessionToken, "_embedded",
                Map.of("user", Map.of("profile", Map.of("login", user))));
    }

    private void sessionCookieRedirect(HttpExchange ex) throws IOException {
        try {
            Map<String, String> query = new LinkedHashMap<>();
            StsEmulator.parseForm(ex.getRequestURI().getRawQuery(), query);
            String user = sessionTokens.remove(String.valueOf(query.get("token")));
            String redirect = query.get("redirectUrl");
            if (user == null || redirect == null || !redirect.startsWith(sts.endpoint().toString())) {
                page(ex, 403, "<html><body>Your session token is not valid.</body></html>");
                return;
            }
            String sid = IdpApiReplies.token();
            sessions.put(sid, user);
            ex.getResponseHeaders().add("Set-Cookie", "sid=" + sid + "; Path=/; HttpOnly");
            ex.getResponseHeaders().set("Location", redirect);
            ex.sendResponseHeaders(302, -1);
        } finally {
            ex.close();
        }
    }

    private void embedLink(HttpExchange ex) throws IOException {
        try {
            String[] parts = ex.getRequestURI().getPath().substring(EMBED_PREFIX.length()).split("/");
            String[] app = apps.get(parts[0]);
            Map<String, String> query = new LinkedHashMap<>();
            StsEmulator.parseForm(ex.getRequestURI().getRawQuery(), query);
            if (app == null && TestkitServer.problem(query) == null) {
                // An app named in the link itself (?role=...&provider=...), as the kit's IdP page takes them: so that
                // `keyport testkit` can be tried headlessly without registering anything.
                app(parts[0], query.get("role"), query.get("provider"));
                app = apps.get(parts[0]);
            }
            if (app == null) {
                page(ex, 404, "<html><body>No such app.</body></html>");
                return;
            }
            String user = cookie(ex, "sid") == null ? null : sessions.get(cookie(ex, "sid"));
            if (user == null) {
                ex.getResponseHeaders().set("Location", "/login/login.htm?fromURI=" + URLEncoder.encode(
                        ex.getRequestURI().toString(), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            String saml = factory.okta().rolePair(app[0], app[1]).roleSessionName(user + "@example.com").build()
                    .base64();
            page(ex, 200, "<html><body><form id=\"appForm\" action=\"" + SamlResponseFactory.ACS_AWS
                    + "\" method=\"POST\"><input name=\"SAMLResponse\" type=\"hidden\" value=\"" + oktaEncode(saml)
                    + "\"/><input name=\"RelayState\" type=\"hidden\" value=\"\"/></form></body></html>");
        } finally {
            ex.close();
        }
    }

    /** Okta writes '+', '/' and '=' of the base64 value as hex entities. */
    static String oktaEncode(String base64) {
        return base64.replace("+", "&#x2b;").replace("/", "&#x2f;").replace("=", "&#x3d;");
    }

    private static String cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : header.split(";")) {
                String[] kv = c.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    private static Map<String, Object> error(String code, String summary) {
        return Map.of("errorCode", code, "errorSummary", summary, "errorCauses", List.of());
    }



    private static void page(HttpExchange ex, int status, String html) throws IOException {
        TestkitServer.reply(ex, status, TestkitServer.HTML, html);
    }
}
