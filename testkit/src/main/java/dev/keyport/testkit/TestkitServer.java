package dev.keyport.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * The test kit's server: stand-ins for AWS and an identity provider on one port of
 * 127.0.0.1, so that Keyport can be tried (and benchmarked) without either. It serves:
 * <ul>
 *   <li>the STS API at {@code POST /} (AssumeRoleWithSAML, AssumeRole, GetCallerIdentity; see {@link StsEmulator});</li>
 *   <li>the AWS sign-in federation endpoint at {@code /federation} ({@code Action=getSigninToken} for credentials this
 *       STS issued, {@code Action=login} for the browser that brings the token; see {@link FederationEmulator});</li>
 *   <li>{@code GET /_testkit/idp?role=ROLE_ARN&provider=PROVIDER_ARN[&idp=okta|google|azure|onelogin|generic]
 *       [&sessionName=NAME][&sessionDuration=SECONDS]}: an IdP stand-in page. It posts a freshly signed SAML response
 *       for that role to {@code https://signin.aws.amazon.com/saml} at once, as a real IdP's page does after sign-in;
 *       Keyport's login browser intercepts that post, so this URL works as a session's SAML URL with no sign-in
 *       form;</li>
 *   <li>with {@code &signIn=required}, the IdP page first sends a browser that has not signed in to the kit's
 *       sign-in page ({@link SignInStandIn}: a form with one field; posting it sets a session cookie), as an IdP does
 *       for a person who is not signed in;</li>
 *   <li>{@code GET /_testkit/saml-response} with the same parameters: the same response as base64 text (for
 *       {@code --assertion-file} and scripts);</li>
 *   <li>Okta's Authentication API and app embed links ({@link OktaEmulator}) and OneLogin's API v2
 *       ({@link OneLoginEmulator}), for headless logins.</li>
 * </ul>
 * Both {@code /_testkit} routes register the provider with the kit's signing key on first use, answer 400 with a
 * sentence naming a missing or wrong parameter, and send {@code Cache-Control: no-store} (a signed response is a
 * bearer secret). Any other path answers 404.
 *
 * <p>{@link TestkitProgram} runs it as {@code keyport testkit}.
 */
public final class TestkitServer implements AutoCloseable {

    public static final String SAML_RESPONSE_PATH = "/_testkit/saml-response";
    public static final String IDP_PATH = "/_testkit/idp";
    public static final String FEDERATION_PATH = "/federation";

    private static final List<String> IDP_NAMES = List.of("okta", "google", "azure", "onelogin", "generic");
    static final String IDPS = String.join(", ", IDP_NAMES);
    private static final String ROLE_SHOULD_BE = "the ARN of the IAM role to sign in as, like arn:aws:iam::123456789012:role/NAME";
    static final String PROVIDER_SHOULD_BE =
            "the ARN of the IAM SAML provider that trusts the IdP, like arn:aws:iam::123456789012:saml-provider/NAME";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private final StsEmulator emulator;
    private final FederationEmulator federation;
    private final SamlResponseFactory factory;
    private final OktaEmulator okta;
    private final OneLoginEmulator oneLogin;

    /** As {@link #TestkitServer(int, Iterable)} on a free port. */
    public TestkitServer(Iterable<String> providers) {
        this(0, providers);
    }

    /**
     * Starts an emulator on 127.0.0.1:{@code port} (0: a free one) with the federation endpoint and the
     * {@code /_testkit} routes, and a factory whose key {@code providers} are registered with. A port that cannot
     * be bound throws {@link IllegalStateException} caused by a {@link BindException}.
     */
    public TestkitServer(int port, Iterable<String> providers) {
        // Bind first: a port in use is then reported at once, not after the signing key has been generated.
        this.emulator = new StsEmulator(port);
        try {
            this.factory = new SamlResponseFactory();
            for (String p : providers) {
                emulator.registerProvider(p, factory.publicKey());
            }
            this.federation = new FederationEmulator(emulator);
            FederationEmulator.install(emulator, federation);
            emulator.route(SAML_RESPONSE_PATH, ex -> serve(ex, SAML_RESPONSE_PATH));
            emulator.route(IDP_PATH, ex -> serve(ex, IDP_PATH));
            emulator.route(SignInStandIn.PATH, SignInStandIn::handle);
            this.okta = new OktaEmulator(emulator, factory);
            this.oneLogin = new OneLoginEmulator(emulator, factory);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}: the STS endpoint, and the base of every other route. */
    public URI endpoint() {
        return emulator.endpoint();
    }

    /** {@code http://127.0.0.1:PORT/federation}. */
    public URI federationEndpoint() {
        return URI.create(endpoint() + FEDERATION_PATH);
    }

    public StsEmulator emulator() {
        return emulator;
    }

    public FederationEmulator federation() {
        return federation;
    }

    public SamlResponseFactory factory() {
        return factory;
    }

    /** Okta's Authentication API and app embed links, for headless logins. */
    public OktaEmulator okta() {
        return okta;
    }

    /** OneLogin's API v2, for headless logins. */
    public OneLoginEmulator oneLogin() {
        return oneLogin;
    }

    @Override
    public void close() {
        emulator.close();
    }

    // --- the /_testkit routes -----------------------------------------------------------------------------------

    /** Both /_testkit routes: the same parameters and checks; {@code path} decides the form of the answer. */
    private void serve(HttpExchange ex, String path) throws IOException {
        try {
            // A context matches by prefix (/_testkit/idp/x lands here too): only the exact path is a route.
            if (!"GET".equals(ex.getRequestMethod()) || !path.equals(ex.getRequestURI().getPath())) {
                reply(ex, 404, TEXT, "not found\n");
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            StsEmulator.parseForm(ex.getRequestURI().getRawQuery(), query);
            String problem = problem(query);
            if (problem != null) {
                reply(ex, 400, TEXT, problem + "\n");
                return;
            }
            if (IDP_PATH.equals(path) && SignInStandIn.mustSignIn(ex, query)) {
                SignInStandIn.redirectToSignIn(ex);
                return;
            }
            String samlResponse = mint(query);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (IDP_PATH.equals(path)) {
                reply(ex, 200, HTML, idpPage(query.get("role"), query.get("provider"), samlResponse));
            } else {
                reply(ex, 200, TEXT, samlResponse);
            }
        } catch (RuntimeException e) {
            reply(ex, 500, TEXT, "testkit failure: " + e.getClass().getName() + "\n");
        } finally {
            ex.close();
        }
    }

    /** What is wrong with a /_testkit query, as one sentence naming the parameter and what it should be; null if fine. */
    static String problem(Map<String, String> query) {
        boolean noRole = blank(query.get("role"));
        boolean noProvider = blank(query.get("provider"));
        if (noRole && noProvider) {
            return "The query parameters role and provider are missing: role should be " + ROLE_SHOULD_BE
                    + ", and provider " + PROVIDER_SHOULD_BE + ".";
        }
        if (noRole) {
            return "The query parameter role is missing: it should be " + ROLE_SHOULD_BE + ".";
        }
        if (noProvider) {
            return "The query parameter provider is missing: it should be " + PROVIDER_SHOULD_BE + ".";
        }
        String idp = query.getOrDefault("idp", "generic");
        if (!IDP_NAMES.contains(idp)) {
            return "The query parameter idp is '" + idp + "': it should be one of " + IDPS + " (the default is generic).";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A signed response for a query {@link #problem} accepted; registers the provider on first use. */
    private String mint(Map<String, String> query) {
        String role = query.get("role");
        String provider = query.get("provider");
        SamlResponseFactory.Builder b = builderFor(factory, query.getOrDefault("idp", "generic"));
        b.rolePair(role, provider);
        if (query.containsKey("sessionName")) {
            b.roleSessionName(query.get("sessionName"));
        }
        if (query.containsKey("sessionDuration")) {
            b.sessionDurationRaw(query.get("sessionDuration"));
        }
        if (!emulator.hasProvider(provider)) {
            emulator.registerProvider(provider, factory.publicKey());
        }
        return b.build().base64();
    }

    private static SamlResponseFactory.Builder builderFor(SamlResponseFactory factory, String idp) {
        return switch (idp) {
            case "okta" -> factory.okta();
            case "google" -> factory.google();
            case "azure" -> factory.azure();
            case "onelogin" -> factory.onelogin();
            case "generic" -> factory.response();
            default -> throw new IllegalArgumentException("idp " + idp + " (not one of " + IDPS + ")");
        };
    }

    /**
     * What an IdP answers once the user has signed in: a form that the page posts to the AWS sign-in endpoint at
     * once (a button without JavaScript). Keyport's login browser intercepts that post and takes the response.
     */
    static String idpPage(String role, String provider, String samlResponse) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Keyport test kit: signing in to AWS</title></head>
                <body>
                <p>Keyport test kit, standing in for an identity provider: signing in to AWS as %s through %s.</p>
                <form method="post" action="%s">
                <input type="hidden" name="SAMLResponse" value="%s">
                <noscript><button type="submit">Continue to AWS</button></noscript>
                </form>
                <script>document.forms[0].submit();</script>
                </body>
                </html>
                """.formatted(escape(role), escape(provider), escape(SamlResponseFactory.ACS_AWS), escape(samlResponse));
    }

    /** For HTML text and attribute values (base64 needs none of it; the ARNs come from the URL as typed). */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static void reply(HttpExchange ex, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }
}
