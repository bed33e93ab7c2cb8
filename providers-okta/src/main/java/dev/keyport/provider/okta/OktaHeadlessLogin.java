package dev.keyport.provider.okta;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpWeb;
import dev.keyport.spi.IdpWeb.Reply;
import dev.keyport.spi.JsonTree;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.LoginPrompter;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Okta's sign-in without a browser, through the Classic Authentication API, as Okta documents it for custom sign-in
 * flows:
 * <ol>
 *   <li>an Okta session cookie ({@code sid}) kept from an earlier login of the session is tried first: the app's
 *       embed link (the session's SAML URL) then answers with the SAML form at once, and nothing is asked;</li>
 *   <li>otherwise {@code POST /api/v1/authn} with user name and password; when Okta wants a second factor
 *       ({@code MFA_REQUIRED}) the user picks one of the factors that work without a browser (push, TOTP, SMS) and
 *       {@link OktaFactors} verifies it, which ends with a {@code sessionToken};</li>
 *   <li>{@code GET /login/sessionCookieRedirect?token=...&redirectUrl=<embed link>} turns the token into an Okta web
 *       session (the {@code sid} cookie, kept for the next login) and lands on the embed link, whose HTML form holds
 *       the SAMLResponse.</li>
 * </ol>
 * The org's base URL is the SAML URL's scheme, host and port.
 */
final class OktaHeadlessLogin implements HeadlessLogin {
    static final Map<String, String> JSON = Map.of("Accept", "application/json", "Content-Type", "application/json");
    private static final Map<String, String> HTML = Map.of("Accept", "text/html");

    private final OktaFactors factors;

    OktaHeadlessLogin(Duration pollInterval, Duration pushTimeout) {
        this.factors = new OktaFactors(pollInterval, pushTimeout);
    }

    @Override
    public String obtainSamlResponse(Context context) {
        URI embedLink = context.samlUrl();
        URI org = URI.create(embedLink.getScheme() + "://" + embedLink.getRawAuthority());
        IdpWeb web = context.web();
        if (web.cookie(org, "sid").isPresent()) {
            Optional<String> reused = samlResponseIn(web.get(embedLink, HTML), web, org);
            if (reused.isPresent()) {
                return reused.get();
            }
            // The Okta session ended (timed out, signed out elsewhere): sign in again.
        }
        String sessionToken = authenticate(org, context);
        URI redirect = URI.create(org + "/login/sessionCookieRedirect?checkAccountSetupComplete=true&token="
                + encode(sessionToken) + "&redirectUrl=" + encode(embedLink.toString()));
        return samlResponseIn(web.get(redirect, HTML), web, org).orElseThrow(() -> new KeyportException(
                ErrorCategory.INVALID_INPUT, "Okta signed you in, but " + embedLink.getRawPath() + " on " + org
                + " did not answer with a SAML response for AWS. Check that the session's SAML URL is the AWS app's"
                + " embed link, https://ORG.okta.com/home/amazon_aws/APP_ID/NUMBER (Okta admin console: the app's"
                + " General tab, 'App Embed Link')."));
    }

    /** User name and password, then the second factor Okta asks for: the {@code sessionToken}. */
    private String authenticate(URI org, Context context) {
        LoginPrompter prompter = context.prompter();
        String user = context.username() != null ? context.username() : prompter.ask("Okta user name", null);
        if (user == null || user.isBlank()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "No Okta user name was given. Give the one you"
                    + " sign in to Okta with (or set it on the session with --username).");
        }
        // The prompt names the host: a person about to type a password sees where it goes.
        char[] password = prompter.askPassword("Okta password for " + user + " at " + org.getRawAuthority(), user);
        Reply reply;
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", user);
            body.put("password", new String(password));
            reply = context.web().postJson(URI.create(org + "/api/v1/authn"), body, JSON);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (reply.status() == 401) {
            prompter.passwordRefused(user);
            throw new KeyportException(ErrorCategory.REJECTED, "Okta refused the user name or password of '" + user
                    + "'. Check both and start again; after a few more failures Okta locks the account.");
        }
        for (int step = 0; ; step++) {
            OktaErrors.throwUnlessOk(reply, "signing in");
            String status = String.valueOf(reply.json().text("status"));
            switch (status) {
                case "SUCCESS" -> {
                    String token = reply.json().text("sessionToken");
                    if (token == null) {
                        throw OktaErrors.unexpected("a SUCCESS without a sessionToken");
                    }
                    return token;
                }
                case "LOCKED_OUT" -> throw new KeyportException(ErrorCategory.REJECTED, "Okta has locked the"
                        + " account '" + user + "' after too many failed sign-ins. Unlock it (the 'Unlock account?'"
                        + " link on your Okta sign-in page, or ask your Okta administrator), then start again.");
                case "PASSWORD_EXPIRED", "PASSWORD_WARN", "RECOVERY" -> throw new KeyportException(
                        ErrorCategory.REJECTED, "Okta wants the password of '" + user + "' changed first (status "
                        + status + "). Sign in to Okta in a browser, change it, then start again.");
                case "MFA_ENROLL", "MFA_ENROLL_ACTIVATE" -> throw new KeyportException(ErrorCategory.REJECTED,
                        "Okta wants '" + user + "' to set up a second factor first. Sign in to Okta in a browser, set"
                        + " one up (Okta Verify or an authenticator app), then start again.");
                case "MFA_REQUIRED" -> reply = factors.verify(org, reply, context);
                default -> throw OktaErrors.unexpected("the status " + status);
            }
            if (step > 10) {
                throw OktaErrors.unexpected("a sign-in that does not end");
            }
        }
    }

    /**
     * The SAMLResponse in a page's form; a form that only passes a SAML request on (an IdP-initiated hop) is
     * submitted first, as the browser would, if it stays on the org: the page does not get to send the sign-in
     * elsewhere.
     */
    static Optional<String> samlResponseIn(Reply page, IdpWeb web, URI org) {
        Reply current = page;
        for (int hop = 0; hop < 3; hop++) {
            List<IdpWeb.Form> forms = current.forms();
            for (IdpWeb.Form form : forms) {
                String value = form.fields().get("SAMLResponse");
                if (value != null && !value.isBlank()) {
                    return Optional.of(value);
                }
            }
            Optional<IdpWeb.Form> relay = forms.stream().filter(f -> f.fields().containsKey("SAMLRequest"))
                    .filter(f -> org.getScheme().equalsIgnoreCase(f.action().getScheme())
                            && org.getRawAuthority().equalsIgnoreCase(String.valueOf(f.action().getRawAuthority())))
                    .findFirst();
            if (relay.isEmpty()) {
                return Optional.empty();
            }
            current = web.submit(relay.get());
        }
        return Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Okta's answers that are not what a step expects, as messages without a token in them. */
    static final class OktaErrors {
        private OktaErrors() {
        }

        static void throwUnlessOk(Reply reply, String doing) {
            if (reply.ok()) {
                return;
            }
            JsonTree json = reply.json();
            String summary = json.text("errorSummary");
            String code = json.text("errorCode");
            String said = summary == null ? "" : " (" + summary + (code == null ? "" : ", " + code) + ")";
            if (reply.status() == 429) {
                throw new KeyportException(ErrorCategory.UNAVAILABLE, "Okta is limiting requests while " + doing
                        + said + ". Wait a minute and start again.");
            }
            if ("E0000011".equals(code)) {
                throw new KeyportException(ErrorCategory.REJECTED, "Okta no longer accepts this sign-in's state"
                        + " while " + doing + said + "; it expires after a few minutes. Start again.");
            }
            throw new KeyportException(reply.status() >= 500 ? ErrorCategory.UNAVAILABLE : ErrorCategory.REJECTED,
                    "Okta answered HTTP " + reply.status() + " while " + doing + said + ".");
        }

        static KeyportException unexpected(String what) {
            return new KeyportException(ErrorCategory.UNAVAILABLE, "Okta's Authentication API answered with " + what
                    + ", which Keyport does not know. Sign in with the browser instead (--login-flow browser).");
        }
    }
}
