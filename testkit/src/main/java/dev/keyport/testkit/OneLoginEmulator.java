package dev.keyport.testkit;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OneLogin's API v2 for SAML assertions, as OneLogin documents it, in two regions ({@code /onelogin/us} and
 * {@code /onelogin/eu} under the kit's endpoint) whose tokens are good only where they were issued:
 * <ul>
 *   <li>{@code POST <region>/auth/oauth2/v2/token} with HTTP Basic {@link #CLIENT_ID}:{@link #CLIENT_SECRET} and
 *       {@code {"grant_type":"client_credentials"}}: an access token;</li>
 *   <li>{@code POST <region>/api/2/saml_assertion} with {@code Authorization: bearer <token>} and
 *       {@code {"username_or_email","password","app_id","subdomain"}}: {@code {"message":"Success","data":<base64>}},
 *       or MFA: a {@code state_token}, the user's {@code devices}, and a {@code callback_url} that points to the
 *       <em>other</em> region (a client that follows it fails, as it would against OneLogin);</li>
 *   <li>{@code POST <region>/api/2/saml_assertion/verify_factor} with {@code {"app_id","device_id","state_token",
 *       "otp_token"?,"do_not_notify"}}: checks a code, sends an SMS, or sends a OneLogin Protect push
 *       ({@code do_not_notify} false) and answers polls ({@code do_not_notify} true): pending, then Success (or
 *       denied, or still pending for a push nobody answers).</li>
 * </ul>
 * Users are {@link EmulatedUsers}; apps are registered with {@link #app}.
 */
public final class OneLoginEmulator {
    public static final String CLIENT_ID = "testkit-client";
    public static final String CLIENT_SECRET = "testkit-client-secret";
    public static final String SUBDOMAIN = "testkit";
    public static final String PREFIX = "/onelogin/";
    private static final List<String> REGIONS = List.of("us", "eu");

    private final StsEmulator sts;
    private final SamlResponseFactory factory;
    private final Map<String, String[]> apps = new ConcurrentHashMap<>();
    /** token → region it was issued in */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, StateToken> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();

    private record StateToken(String region, String user, String appId, AtomicInteger polls, boolean[] smsSent) {
    }

    OneLoginEmulator(StsEmulator sts, SamlResponseFactory factory) {
        this.sts = sts;
        this.factory = factory;
        sts.route(PREFIX, this::handle);
    }

    /** Registers an AWS app: signing in to it gives {@code role} through {@code provider}. */
    public OneLoginEmulator app(String appId, String role, String provider) {
        apps.put(appId, new String[]{role, provider});
        if (!sts.hasProvider(provider)) {
            sts.registerProvider(provider, factory.publicKey());
        }
        return this;
    }

    /** The API base of a region ({@code us} or {@code eu}): Keyport's {@code keyport.providers.onelogin.api-url}. */
    public String apiUrl(String region) {
        return sts.endpoint() + PREFIX + region;
    }

    /** A launch URL of the app, as the session's SAML URL. */
    public String launchUrl(String appId) {
        return sts.endpoint() + PREFIX + "launch/" + appId;
    }

    public int pushesSent(String user) {
        return pushes.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    /** How many access tokens were issued (a refresh re-uses the one it has). */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String[] parts = ex.getRequestURI().getPath().substring(PREFIX.length()).split("/", 2);
            String region = parts[0];
            String rest = parts.length > 1 ? "/" + parts[1] : "";
            if (!REGIONS.contains(region) || !"POST".equals(ex.getRequestMethod())) {
                IdpApiReplies.json(ex, 404, message(404, "Not Found", "No such route"));
                return;
            }
            Map<?, ?> body = IdpApiReplies.JSON.readValue(ex.getRequestBody(), Map.class);
            switch (rest) {
                case "/auth/oauth2/v2/token" -> token(ex, region, body);
                case "/api/2/saml_assertion" -> {
                    if (authorised(ex, region)) {
                        assertion(ex, region, body);
                    }
                }
                case "/api/2/saml_assertion/verify_factor" -> {
                    if (authorised(ex, region)) {
                        verify(ex, region, body);
                    }
                }
                default -> IdpApiReplies.json(ex, 404, message(404, "Not Found", "No such route"));
            }
        } catch (IOException | RuntimeException e) {
            IdpApiReplies.json(ex, 400, message(400, "Bad Request", "The request body is not JSON"));
        } finally {
            ex.close();
        }
    }

    private void token(HttpExchange ex, String region, Map<?, ?> body) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
                || !"client_credentials".equals(body.get("grant_type"))) {
            IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Authentication Failure"));
            return;
        }
        String token = IdpApiReplies.token();
        tokens.put(token, region);
        tokensIssued.incrementAndGet();
        IdpApiReplies.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 36000,
                "created_at", "2026-12-02T00:00:00.000Z"));
    }

    private boolean authorised(HttpExchange ex, String region) throws IOException {
        String header = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        String token = header.toLowerCase(Locale.ROOT).startsWith("bearer ") ? header.substring(7).strip() : "";
        if (!region.equals(tokens.get(token))) {
            IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Authorization Information is incorrect"));
            return false;
        }
        return true;
    }

    private void assertion(HttpExchange ex, String region, Map<?, ?> body) throws IOException {
        String name = String.valueOf(body.get("username_or_email"));
        String appId = String.valueOf(body.get("app_id"));
        if (!apps.containsKey(appId) || !SUBDOMAIN.equals(body.get("subdomain"))) {
            IdpApiReplies.json(ex, 404, message(404, "Not Found", "App or subdomain not found"));
            return;
        }
        var user = EmulatedUsers.user(name);
        if (user.isPresent() && user.get().locked()) {
            IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Authentication Failed: User is locked"));
            return;
        }
        if (user.isEmpty() || !EmulatedUsers.PASSWORD.equals(body.get("password"))) {
            IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Authentication Failed: Invalid user credentials"));
            return;
        }
        if (user.get().factors().isEmpty()) {
            IdpApiReplies.json(ex, 200, success(appId, name));
            return;
        }
        String state = IdpApiReplies.token();
        states.put(state, new StateToken(region, name, appId, new AtomicInteger(), new boolean[1]));
        List<Map<String, Object>> devices = new ArrayList<>();
        for (EmulatedUsers.Factor f : user.get().factors()) {
            devices.add(Map.of("device_id", f.name().toLowerCase(Locale.ROOT), "device_type", switch (f) {
                case TOTP -> "Google Authenticator";
                case SMS -> "OneLogin SMS";
                default -> "OneLogin Protect";
            }));
        }
        String other = region.equals("us") ? "eu" : "us";
        IdpApiReplies.json(ex, 200, Map.of("state_token", state, "message", "MFA is required for this user", "devices", devices,
                "callback_url", apiUrl(other) + "/api/2/saml_assertion/verify_factor",
                "user", Map.of("username", name)));
    }

    private void verify(HttpExchange ex, String region, Map<?, ?> body) throws IOException {
        StateToken state = states.get(String.valueOf(body.get("state_token")));
        if (state == null || !state.region().equals(region)) {
            IdpApiReplies.json(ex, 400, message(400, "Bad Request", "Invalid state_token"));
            return;
        }
        EmulatedUsers.Factor factor;
        try {
            factor = EmulatedUsers.Factor.valueOf(String.valueOf(body.get("device_id")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            IdpApiReplies.json(ex, 400, message(400, "Bad Request", "Invalid device_id"));
            return;
        }
        if (!EmulatedUsers.user(state.user()).orElseThrow().factors().contains(factor)) {
            IdpApiReplies.json(ex, 400, message(400, "Bad Request", "Invalid device_id"));
            return;
        }
        Object otp = body.get("otp_token");
        boolean poll = Boolean.TRUE.equals(body.get("do_not_notify"));
        switch (factor) {
            case TOTP, SMS -> {
                if (factor == EmulatedUsers.Factor.SMS && otp == null) {
                    state.smsSent()[0] = true;
                    IdpApiReplies.json(ex, 200, message(200, "OK", "SMS token sent to +1 XXX-XXX-4242"));
                    return;
                }
                String expected = factor == EmulatedUsers.Factor.TOTP ? EmulatedUsers.TOTP_CODE
                        : state.smsSent()[0] ? EmulatedUsers.SMS_CODE : null;
                if (expected == null || !expected.equals(otp)) {
                    IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Failed authentication with this factor"));
                    return;
                }
                states.remove(String.valueOf(body.get("state_token")));
                IdpApiReplies.json(ex, 200, success(state.appId(), state.user()));
            }
            default -> {
                if (!poll) {
                    pushes.computeIfAbsent(state.user(), u -> new AtomicInteger()).incrementAndGet();
                    state.polls().set(0);
                    IdpApiReplies.json(ex, 200, message(200, "OK", "Authentication pending on OL Protect"));
                    return;
                }
                int polls = state.polls().incrementAndGet();
                if (factor == EmulatedUsers.Factor.PUSH_REJECTED) {
                    IdpApiReplies.json(ex, 401, message(401, "Unauthorized", "Authentication denied"));
                } else if (factor == EmulatedUsers.Factor.PUSH && polls >= 2) {
                    states.remove(String.valueOf(body.get("state_token")));
                    IdpApiReplies.json(ex, 200, success(state.appId(), state.user()));
                } else {
                    IdpApiReplies.json(ex, 200, message(200, "OK", "Authentication pending on OL Protect"));
                }
            }
        }
    }

    private Map<String, Object> success(String appId, String user) {
        String[] app = apps.get(appId);
        String saml = factory.onelogin().rolePair(app[0], app[1]).roleSessionName(user + "@example.com").build()
                .base64();
        return Map.of("message", "Success", "data", saml);
    }

    private static Map<String, Object> message(int status, String name, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCode", status);
        m.put("name", name);
        m.put("message", message);
        return m;
    }


}
