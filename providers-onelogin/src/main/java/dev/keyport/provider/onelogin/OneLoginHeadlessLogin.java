package dev.keyport.provider.onelogin;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpWeb.Reply;
import dev.keyport.spi.JsonTree;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.LoginPrompter;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OneLogin's sign-in without a browser, through its API v2 (no HTML at all):
 * <ol>
 *   <li>an API access token from {@code POST /auth/oauth2/v2/token} (client credentials, HTTP Basic). It is kept in
 *       memory until shortly before it expires, so a refresh does not fetch another;</li>
 *   <li>{@code POST /api/2/saml_assertion} with the user's name and password, the app id (the last numeric part of
 *       the SAML URL, {@code https://acme.onelogin.com/launch/123456}) and the subdomain. It answers with the
 *       SAMLResponse, or with a {@code state_token} and the user's MFA devices;</li>
 *   <li>{@code POST /api/2/saml_assertion/verify_factor} for the device the user picks: a OneLogin Protect push
 *       (sent once, then polled with {@code do_not_notify}), an authenticator code, or an SMS code.</li>
 * </ol>
 * Every call goes to the one API host in the settings, never to the {@code callback_url} OneLogin answers with: a
 * state token is only good in the region that issued it.
 */
final class OneLoginHeadlessLogin implements HeadlessLogin {
    private static final Map<String, String> JSON = Map.of("Accept", "application/json",
            "Content-Type", "application/json");
    static final int CODE_ATTEMPTS = 5;

    private final OneLoginApi api;
    private final OneLoginTokens tokens;

    OneLoginHeadlessLogin(OneLoginApi api) {
        this.api = api;
        this.tokens = new OneLoginTokens(api);
    }

    @Override
    public String obtainSamlResponse(Context context) {
        String clientId = api.requireClientId();
        String appId = appId(context.samlUrl());
        String subdomain = api.subdomainFor(context.samlUrl());
        LoginPrompter prompter = context.prompter();
        String user = context.username() != null ? context.username()
                : prompter.ask("OneLogin user name or email", null);
        if (user == null || user.isBlank()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "No OneLogin user name was given. Give the one you"
                    + " sign in to OneLogin with (or set it on the session with --username).");
        }
        // The API credential first: a wrong client secret is reported before the person types a password.
        tokens.ensure(context, clientId);
        char[] password = prompter.askPassword("OneLogin password for " + user + " at " + subdomain
                + ".onelogin.com", user + " " + api.apiUrl().getRawAuthority());
        Reply reply;
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username_or_email", user);
            body.put("password", new String(password));
            body.put("app_id", appId);
            body.put("subdomain", subdomain);
            reply = tokens.call(context, clientId, "/api/2/saml_assertion", body);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (reply.status() == 401 && said(reply).toLowerCase(Locale.ROOT).contains("credentials")) {
            prompter.passwordRefused(user + " " + api.apiUrl().getRawAuthority());
            throw new KeyportException(ErrorCategory.REJECTED, "OneLogin refused the user name or password of '" + user
                    + "'. Check both and start again; after a few more failures OneLogin locks the account.");
        }
        String message = said(reply).toLowerCase(Locale.ROOT);
        if (message.contains("locked")) {
            throw new KeyportException(ErrorCategory.REJECTED, "OneLogin has locked the account '" + user + "'. Wait"
                    + " for it to unlock or ask your OneLogin administrator, then start again.");
        }
        throwUnlessOk(reply, "signing in");
        String saml = samlResponseIn(reply);
        if (saml != null) {
            return saml;
        }
        String stateToken = reply.json().text("state_token");
        if (stateToken == null) {
            throw unexpected("neither a SAML response nor a state token");
        }
        return new Factor(this, context, clientId, appId, stateToken).verify(reply.json().get("devices").elements());
    }

    /** The app id: the last all-digit part of the SAML URL's path. */
    static String appId(URI samlUrl) {
        String[] parts = String.valueOf(samlUrl.getPath()).split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
                return parts[i];
            }
        }
        throw new KeyportException(ErrorCategory.INVALID_INPUT, "The SAML URL " + samlUrl.getRawPath() + " holds no"
                + " OneLogin app id. Use the AWS app's launch URL, https://SUBDOMAIN.onelogin.com/launch/APP_ID (the"
                + " number in the app's address in OneLogin's admin console).");
    }

    /** One second factor of one login, on the API host the login started on. */
    private record Factor(OneLoginHeadlessLogin login, Context context, String clientId, String appId,
                          String stateToken) {

        String verify(List<JsonTree> devices) {
            List<JsonTree> usable = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<String> unusable = new ArrayList<>();
            for (JsonTree d : devices) {
                String type = String.valueOf(d.text("device_type"));
                if (d.text("device_id") == null || kind(type) == null) {
                    unusable.add(type);
                } else {
                    usable.add(d);
                    labels.add(type);
                }
            }
            if (usable.isEmpty()) {
                throw new KeyportException(ErrorCategory.REJECTED, "OneLogin asks for a second factor, and none of"
                        + " yours works through its API (" + (unusable.isEmpty() ? "none offered"
                        : String.join(", ", unusable)) + "). Use OneLogin Protect, an authenticator app or SMS, or"
                        + " sign in with the browser (--login-flow browser).");
            }
            JsonTree device = usable.size() == 1 ? usable.get(0)
                    : usable.get(context.prompter().choose("OneLogin second factor", labels));
            String type = device.text("device_type");
            String deviceId = device.text("device_id");
            return switch (kind(type)) {
                case "push" -> push(deviceId);
                case "sms" -> {
                    if (!context.prompter().attended()) {
                        throw new KeyportException(ErrorCategory.CONFLICT, "OneLogin wants a code sent by SMS, and"
                                + " this sign-in ran by itself with no one to type it, so none was sent. Refresh or"
                                + " start the session yourself (keyport session refresh).");
                    }
                    Reply sent = call(deviceId, null, false);
                    login.throwUnlessOk(sent, "sending the SMS code");
                    yield code(deviceId, "Code sent by SMS");
                }
                default -> code(deviceId, "Code from " + type);
            };
        }

        private static String kind(String deviceType) {
            String t = deviceType.toLowerCase(Locale.ROOT);
            if (t.contains("protect")) {
                return "push";
            }
            if (t.contains("sms")) {
                return "sms";
            }
            return t.contains("authenticator") || t.contains("yubikey") || t.contains("otp") ? "code" : null;
        }

        private String code(String deviceId, String question) {
            for (int attempt = 1; ; attempt++) {
                char[] code = context.prompter().askSecret(question);
                Reply reply;
                try {
                    reply = call(deviceId, code, true);
                } finally {
                    Arrays.fill(code, '\0');
                }
                String saml = samlResponseIn(reply);
                if (saml != null) {
                    return saml;
                }
                if (reply.status() >= 500) {
                    login.throwUnlessOk(reply, "checking the code");
                }
                if (attempt >= CODE_ATTEMPTS) {
                    throw new KeyportException(ErrorCategory.REJECTED, "OneLogin refused " + CODE_ATTEMPTS + " codes"
                            + " in a row. Check the clock of the device that makes them, then start again.");
                }
                context.prompter().tell("OneLogin refused that code; try again.");
            }
        }

        /** One push (the first call notifies), then polls that notify nothing until it is answered. */
        private String push(String deviceId) {
            if (!context.prompter().attended()) {
                throw new KeyportException(ErrorCategory.CONFLICT, "OneLogin wants a OneLogin Protect push approved,"
                        + " and this sign-in ran by itself with no one to approve it, so none was sent. Refresh or"
                        + " start the session yourself (keyport session refresh).");
            }
            Reply reply = call(deviceId, null, false);
            context.prompter().pushSent("Approve the OneLogin Protect push on your phone", null);
            Instant giveUp = Instant.now().plus(login.api.pushTimeout());
            boolean polled = false;
            while (true) {
                String saml = samlResponseIn(reply);
                if (saml != null) {
                    return saml;
                }
                String message = said(reply).toLowerCase(Locale.ROOT);
                if (!message.contains("pending")) {
                    login.throwUnlessOk(reply, "waiting for the push");
                    throw new KeyportException(ErrorCategory.REJECTED, "The OneLogin Protect push was not approved"
                            + (message.isEmpty() ? "" : " (OneLogin: " + said(reply) + ")")
                            + ". Start again to get a new one; if you did not deny it, tell your security team.");
                }
                if (polled && Instant.now().isAfter(giveUp)) {
                    throw new KeyportException(ErrorCategory.REJECTED, "The OneLogin Protect push was not approved"
                            + " within " + login.api.pushTimeout().toSeconds() + " seconds. Start again to get a new"
                            + " one.");
                }
                try {
                    Thread.sleep(login.api.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was called off while waiting for"
                            + " the OneLogin Protect push.");
                }
                reply = call(deviceId, null, true);
                polled = true;
            }
        }

        private Reply call(String deviceId, char[] otp, boolean doNotNotify) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("app_id", appId);
            body.put("device_id", deviceId);
            body.put("state_token", stateToken);
            if (otp != null) {
                body.put("otp_token", new String(otp));
            }
            body.put("do_not_notify", doNotNotify);
            return login.tokens.call(context, clientId, "/api/2/saml_assertion/verify_factor", body);
        }
    }

    /** The SAMLResponse of a {@code "message":"Success"} answer (v2: {@code data} is the base64 text), or null. */
    static String samlResponseIn(Reply reply) {
        if (!reply.ok()) {
            return null;
        }
        JsonTree data = reply.json().get("data");
        String text = data.text().orElse(null);
        return text != null && !text.isBlank() && "success".equalsIgnoreCase(String.valueOf(reply.json()
                .text("message"))) ? text : null;
    }

    /** OneLogin's message in an answer (v2 puts it in {@code message}, errors sometimes in {@code name}). */
    static String said(Reply reply) {
        String message = reply.json().text("message");
        return message == null ? "" : message;
    }

    void throwUnlessOk(Reply reply, String doing) {
        if (reply.ok()) {
            return;
        }
        String message = said(reply);
        throw new KeyportException(reply.status() >= 500 || reply.status() == 429 ? ErrorCategory.UNAVAILABLE
                : ErrorCategory.REJECTED, "OneLogin answered HTTP " + reply.status() + " while " + doing
                + (message.isEmpty() ? "" : " (" + message + ")") + ".");
    }

    /** A token's lifetime in whole seconds, kept within a day; anything else counts as ten minutes. */
    static long seconds(String value) {
        try {
            return Math.max(0, Math.min(86_400, (long) Double.parseDouble(value)));
        } catch (NumberFormatException e) {
            return 600;
        }
    }

    static KeyportException unexpected(String what) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "OneLogin's API answered with " + what + ", which"
                + " Keyport does not know. Sign in with the browser instead (--login-flow browser).");
    }
}
