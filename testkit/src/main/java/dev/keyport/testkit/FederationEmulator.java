package dev.keyport.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The AWS sign-in federation endpoint, served by the {@link StsEmulator}: {@code Action=getSigninToken} answers only
 * for credentials the emulator issued and records what it was asked (duration, access key); {@code Action=login}
 * records the browser that arrives with a sign-in token.
 */
public final class FederationEmulator implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StsEmulator sts;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Login> logins = new CopyOnWriteArrayList<>();

    /** One getSigninToken call, and the token handed out. */
    public record TokenRequest(String accessKeyId, String sessionDuration, String signinToken) {
    }

    public FederationEmulator(StsEmulator sts) {
        this.sts = sts;
    }

    /** Serves it under {@code /federation} of the emulator; returns the endpoint's URL. */
    public static String install(StsEmulator sts, FederationEmulator emulator) {
        sts.route("/federation", emulator);
        return sts.endpoint() + "/federation";
    }

    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** One browser arriving with {@code Action=login}: the token it brought, and whether this endpoint issued it. */
    public record Login(String signinToken, String destination, String issuer, boolean known) {
    }

    public List<Login> logins() {
        return List.copyOf(logins);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if ("login".equals(query.get("Action"))) {
            // Where the browser lands: a token it handed out, used once.
            String token = query.get("SigninToken");
            boolean known = requests.stream().anyMatch(r -> r.signinToken().equals(token));
            logins.add(new Login(token, query.get("Destination"), query.get("Issuer"), known));
            byte[] page = loginPage(known, query.get("Destination")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(known ? 200 : 400, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
        }
        if (!"getSigninToken".equals(query.get("Action")) || query.get("Session") == null) {
            respond(exchange, 400, "{\"error\":\"only Action=getSigninToken with Session is emulated\"}");
            return;
        }
        JsonNode session = JSON.readTree(query.get("Session"));
        String accessKey = session.path("sessionId").asText();
        boolean known = sts.issuedCredentials().stream().anyMatch(c -> c.accessKeyId().equals(accessKey)
                && c.secretAccessKey().equals(session.path("sessionKey").asText())
                && c.sessionToken().equals(session.path("sessionToken").asText()));
        if (!known) {
            respond(exchange, 400, "{\"error\":\"unknown credentials\"}");
            return;
        }
        String token = "signin-" + UUID.randomUUID();
        requests.add(new TokenRequest(accessKey, query.get("SessionDuration"), token));
        respond(exchange, 200, JSON.createObjectNode().put("SigninToken", token).toString());
    }

    /**
     * What the browser shows where the AWS console would open. People see it when they try Keyport against the test
     * kit ({@code keyport testkit}), so it says in words what happened instead of looking like a broken console.
     */
    static String loginPage(boolean known, String destination) {
        String title = known ? "Signed in to the AWS console (Keyport test kit stand-in)"
                : "Unknown sign-in token (Keyport test kit stand-in)";
        String text = known
                ? "The test kit accepted the sign-in token that Keyport got for this session. With AWS, the console "
                        + "would open here" + (destination == null || destination.isBlank() ? ""
                                : " at " + TestkitServer.escape(destination)) + "."
                : "This test kit's federation endpoint (Action=getSigninToken) did not hand out this sign-in token, "
                        + "so AWS would refuse it too.";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%1$s</title></head>
                <body>
                <h1>%1$s</h1>
                <p>%2$s</p>
                </body>
                </html>
                """.formatted(title, text);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
