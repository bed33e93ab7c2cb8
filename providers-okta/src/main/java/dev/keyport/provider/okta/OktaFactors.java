package dev.keyport.provider.okta;

import dev.keyport.provider.okta.OktaHeadlessLogin.OktaErrors;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin.Context;
import dev.keyport.spi.IdpWeb.Reply;
import dev.keyport.spi.JsonTree;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.LoginPrompter;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The second factors Okta's Authentication API can verify without a browser: Okta Verify push (with number matching),
 * a TOTP code (Okta Verify, Google Authenticator and the like) and SMS. A factor is picked from the
 * {@code MFA_REQUIRED} answer's {@code _embedded.factors}; the user chooses when there are several.
 *
 * <p>A push is sent exactly once per login: the verify link is posted once, and the wait polls the transaction's own
 * {@code _links.next} (which sends nothing). A wrong code is asked again on the same {@code stateToken}, without the
 * password.
 */
final class OktaFactors {
    /** How many wrong codes are asked again before the login gives up (Okta locks the factor after more). */
    static final int CODE_ATTEMPTS = 5;

    private final Duration pollInterval;
    private final Duration pushTimeout;

    OktaFactors(Duration pollInterval, Duration pushTimeout) {
        this.pollInterval = pollInterval;
        this.pushTimeout = pushTimeout;
    }

    /** A factor Keyport can verify. */
    record Factor(Kind kind, String label, URI verify) {
    }

    enum Kind { PUSH, TOTP, SMS }

    /** Verifies one factor of an {@code MFA_REQUIRED} answer and returns Okta's next answer. */
    Reply verify(URI org, Reply mfaRequired, Context context) {
        String stateToken = mfaRequired.json().text("stateToken");
        List<JsonTree> offered = mfaRequired.json().get("_embedded").get("factors").elements();
        List<Factor> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (JsonTree f : offered) {
            String type = String.valueOf(f.text("factorType")).toLowerCase(Locale.ROOT);
            String provider = String.valueOf(f.text("provider")).toUpperCase(Locale.ROOT);
            String href = f.get("_links").get("verify").text("href");
            Kind kind = switch (type) {
                case "push" -> Kind.PUSH;
                case "token:software:totp" -> Kind.TOTP;
                case "sms" -> Kind.SMS;
                default -> null;
            };
            if (kind == null || href == null) {
                unusable.add(provider + " " + type);
            } else {
                usable.add(new Factor(kind, label(kind, provider, f), onOrg(org, href)));
            }
        }
        if (stateToken == null || usable.isEmpty()) {
            throw new KeyportException(ErrorCategory.REJECTED, "Okta asks for a second factor, and none of yours works"
                    + " without a browser (" + (unusable.isEmpty() ? "none offered" : String.join(", ", unusable))
                    + "). Set up Okta Verify or an authenticator app, or sign in with the browser (--login-flow"
                    + " browser).");
        }
        LoginPrompter prompter = context.prompter();
        Factor factor = usable.size() == 1 ? usable.get(0)
                : usable.get(prompter.choose("Okta second factor", usable.stream().map(Factor::label).toList()));
        return switch (factor.kind()) {
            case PUSH -> push(factor, stateToken, context);
            case TOTP -> code(factor, stateToken, context, "Code from " + factor.label());
            case SMS -> {
                if (!prompter.attended()) {
                    // As for a push: no SMS to a phone whose owner did not ask for a code.
                    throw new KeyportException(ErrorCategory.CONFLICT, "Okta wants a code sent by SMS, and this"
                            + " sign-in ran by itself with no one to type it, so none was sent. Refresh or start the"
                            + " session yourself (keyport session refresh).");
                }
                Reply sent = post(factor.verify(), stateToken, null, context);
                OktaErrors.throwUnlessOk(sent, "sending the SMS code");
                URI verify = hrefOr(org, sent.json().get("_links").get("next"), factor.verify());
                yield code(new Factor(Kind.SMS, factor.label(), verify), stateToken, context,
                        "Code sent by SMS to " + factor.label().replace("SMS to ", ""));
            }
        };
    }

    private static String label(Kind kind, String provider, JsonTree factor) {
        return switch (kind) {
            case PUSH -> "Okta Verify push";
            case TOTP -> "GOOGLE".equals(provider) ? "Google Authenticator" : "Okta Verify code";
            case SMS -> "SMS to " + String.valueOf(factor.get("profile").text("phoneNumber"));
        };
    }

    /** Asks for a code until Okta takes it (a wrong one is asked again, a few times). */
    private Reply code(Factor factor, String stateToken, Context context, String question) {
        LoginPrompter prompter = context.prompter();
        for (int attempt = 1; ; attempt++) {
            char[] code = prompter.askSecret(question);
            Reply reply;
            try {
                reply = post(factor.verify(), stateToken, code, context);
            } finally {
                Arrays.fill(code, '\0');
            }
            boolean wrongCode = reply.status() == 403 && "E0000068".equals(reply.json().text("errorCode"));
            if (!wrongCode) {
                OktaErrors.throwUnlessOk(reply, "checking the code");
                return reply;
            }
            if (attempt >= CODE_ATTEMPTS) {
                throw new KeyportException(ErrorCategory.REJECTED, "Okta refused " + CODE_ATTEMPTS + " codes in a"
                        + " row. Check the clock of the device that makes them, then start again.");
            }
            prompter.tell("Okta refused that code; try again (a code is good for about 30 seconds).");
        }
    }

    /** Sends one push and waits for its answer, polling the transaction (which sends nothing more). */
    private Reply push(Factor factor, String stateToken, Context context) {
        LoginPrompter prompter = context.prompter();
        if (!prompter.attended()) {
            // A push to a phone whose owner did not ask for one teaches them to approve pushes: none is sent.
            throw new KeyportException(ErrorCategory.CONFLICT, "Okta wants an Okta Verify push approved, and this"
                    + " sign-in ran by itself with no one to approve it, so none was sent. Refresh or start the"
                    + " session yourself (keyport session refresh).");
        }
        Reply reply = post(factor.verify(), stateToken, null, context);
        URI org = URI.create(factor.verify().getScheme() + "://" + factor.verify().getRawAuthority());
        Instant giveUp = Instant.now().plus(pushTimeout);
        String shownNumber = null;
        boolean told = false;
        boolean polled = false;
        while (true) {
            OktaErrors.throwUnlessOk(reply, "waiting for the push");
            if ("SUCCESS".equals(reply.json().text("status"))) {
                return reply;
            }
            String result = String.valueOf(reply.json().text("factorResult"));
            switch (result) {
                case "REJECTED" -> throw new KeyportException(ErrorCategory.REJECTED, "The Okta Verify push was"
                        + " rejected on the phone. Start again to get a new one. If you did not reject it, tell your"
                        + " security team: someone may know your password.");
                case "TIMEOUT" -> throw new KeyportException(ErrorCategory.REJECTED, "The Okta Verify push was not"
                        + " approved in time. Start again to get a new one.");
                case "WAITING" -> {
                }
                default -> throw OktaErrors.unexpected("the push result " + result);
            }
            String number = reply.json().get("_embedded").get("factor").get("_embedded").get("challenge")
                    .text("correctAnswer");
            if (!told || (number != null && !number.equals(shownNumber))) {
                prompter.pushSent("Approve the Okta Verify push on your phone", number);
                told = true;
                shownNumber = number;
            }
            if (polled && Instant.now().isAfter(giveUp)) {
                throw new KeyportException(ErrorCategory.REJECTED, "The Okta Verify push was not approved within "
                        + pushTimeout.toSeconds() + " seconds. Start again to get a new one.");
            }
            pause();
            URI poll = hrefOr(org, reply.json().get("_links").get("next"), null);
            if (poll == null) {
                throw OktaErrors.unexpected("a waiting push without a link to poll");
            }
            reply = post(poll, stateToken, null, context);
            polled = true;
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was called off while waiting for the"
                    + " Okta Verify push.");
        }
    }

    private static Reply post(URI uri, String stateToken, char[] passCode, Context context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stateToken", stateToken);
        if (passCode != null) {
            body.put("passCode", new String(passCode));
        }
        return context.web().postJson(uri, body, OktaHeadlessLogin.JSON);
    }

    private static URI hrefOr(URI org, JsonTree link, URI fallback) {
        String href = link.text("href");
        return href == null ? fallback : onOrg(org, href);
    }

    /**
     * A link from Okta's answer, which must stay on the org: the state token and the user's codes go wherever it
     * points, and must not be sent to another host.
     */
    static URI onOrg(URI org, String href) {
        URI uri;
        try {
            uri = org.resolve(href);
        } catch (IllegalArgumentException e) {
            throw OktaErrors.unexpected("a link that is not a URL");
        }
        if (!org.getScheme().equalsIgnoreCase(uri.getScheme())
                || !org.getRawAuthority().equalsIgnoreCase(String.valueOf(uri.getRawAuthority()))) {
            throw new KeyportException(ErrorCategory.REJECTED, "Okta's answer pointed the sign-in to "
                    + uri.getScheme() + "://" + uri.getRawAuthority() + ", which is not the org " + org
                    + " the SAML URL names; Keyport sends your codes nowhere else. Check the session's SAML URL.");
        }
        return uri;
    }
}
