package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The test kit server in-process: its routes (STS, federation, the IdP page, the mint). Loopback only. As a program:
 * {@link TestkitProgramTest}.
 */
class TestkitServerTest {

    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">");
    private static final Pattern SAML_INPUT = Pattern.compile("<input type=\"hidden\" name=\"SAMLResponse\" value=\"([^\"]*)\">");
    private static final Pattern STS_EXPORT = Pattern.compile("export KEYPORT_STS_ENDPOINT=(http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path tmp;

    static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> mint(URI endpoint, String query) throws Exception {
        return get(URI.create(endpoint + TestkitServer.SAML_RESPONSE_PATH + query));
    }

    static HttpResponse<String> idp(URI endpoint, String query) throws Exception {
        return get(URI.create(endpoint + TestkitServer.IDP_PATH + query));
    }

    static String q(String role, String provider) {
        return "?role=" + enc(role) + "&provider=" + enc(provider);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static AssumeRoleWithSamlResponse assume(URI endpoint, String saml) {
        try (StsClient client = Testkit.anonymous(endpoint)) {
            return client.assumeRoleWithSAML(r -> r.roleArn(ROLE).principalArn(PROVIDER).samlAssertion(saml));
        }
    }

    private static String unescapeHtml(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    @Test
    void mintedResponsesAreAcceptedByTheEmulator() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of())) {
            HttpResponse<String> generic = mint(server.endpoint(), q(ROLE, PROVIDER));
            assertEquals(200, generic.statusCode(), generic.body());
            assertTrue(generic.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals("no-store", generic.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(server.emulator().hasProvider(PROVIDER), "minting registers the provider");
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice@example.com",
                    assume(server.endpoint(), generic.body()).assumedRoleUser().arn());

            HttpResponse<String> okta = mint(server.endpoint(), q(ROLE, PROVIDER) + "&idp=okta&sessionName=bench-1");
            assertEquals(200, okta.statusCode(), okta.body());
            assertTrue(new String(Base64.getDecoder().decode(okta.body()), StandardCharsets.UTF_8)
                    .contains(PROVIDER + "," + ROLE));
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/bench-1",
                    assume(server.endpoint(), okta.body()).assumedRoleUser().arn());

            assertEquals(400, mint(server.endpoint(), "?role=" + ROLE).statusCode());
            assertEquals(400, mint(server.endpoint(), q(ROLE, PROVIDER) + "&idp=adfs").statusCode());
            assertEquals(2, server.emulator().issuedCredentials().size());
        }
    }

    @Test
    void idpPagePostsAFreshResponseToTheAwsSignInEndpointAtOnce() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of())) {
            HttpResponse<String> page = idp(server.endpoint(), q(ROLE, PROVIDER) + "&idp=google&sessionName=page-1");
            assertEquals(200, page.statusCode(), page.body());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(server.emulator().hasProvider(PROVIDER), "the page registers the provider");

            Matcher form = FORM.matcher(page.body());
            assertTrue(form.find(), page.body());
            assertEquals("https://signin.aws.amazon.com/saml", form.group(1));
            Matcher input = SAML_INPUT.matcher(page.body());
            assertTrue(input.find(), page.body());
            assertTrue(input.start() > form.end() && page.body().indexOf("</form>", form.end()) > input.end(),
                    "SAMLResponse is a field of that form: " + page.body());
            assertTrue(page.body().contains("<script>document.forms[0].submit();</script>"), page.body());
            assertTrue(page.body().matches("(?s).*<noscript>.*<button type=\"submit\">.*</noscript>.*"), page.body());

            String saml = unescapeHtml(input.group(1));
            assertTrue(new String(Base64.getDecoder().decode(saml), StandardCharsets.UTF_8).contains(ROLE + "," + PROVIDER));
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/page-1",
                    assume(server.endpoint(), saml).assumedRoleUser().arn());

            // Each load is a new sign-in: a fresh response, which STS also accepts.
            Matcher again = SAML_INPUT.matcher(idp(server.endpoint(), q(ROLE, PROVIDER)).body());
            assertTrue(again.find());
            assertFalse(again.group(1).equals(input.group(1)), "a fresh response per page");
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice@example.com",
                    assume(server.endpoint(), unescapeHtml(again.group(1))).assumedRoleUser().arn());
            assertEquals(2, server.emulator().issuedCredentials().size());
        }
    }

    @Test
    void idpPageNamesAMissingOrWrongParameter() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of())) {
            HttpResponse<String> noRole = idp(server.endpoint(), "?provider=" + enc(PROVIDER));
            assertEquals(400, noRole.statusCode());
            assertEquals("text/plain; charset=utf-8", noRole.headers().firstValue("Content-Type").orElse(""));
            assertTrue(noRole.body().startsWith("The query parameter role is missing: it should be the ARN of the IAM role"),
                    noRole.body());

            HttpResponse<String> noProvider = idp(server.endpoint(), "?role=" + enc(ROLE));
            assertEquals(400, noProvider.statusCode());
            assertTrue(noProvider.body().startsWith("The query parameter provider is missing: it should be the ARN of the "
                    + "IAM SAML provider"), noProvider.body());

            HttpResponse<String> neither = idp(server.endpoint(), "");
            assertEquals(400, neither.statusCode());
            assertTrue(neither.body().startsWith("The query parameters role and provider are missing"), neither.body());

            HttpResponse<String> badIdp = idp(server.endpoint(), q(ROLE, PROVIDER) + "&idp=adfs");
            assertEquals(400, badIdp.statusCode());
            assertEquals("The query parameter idp is 'adfs': it should be one of okta, google, azure, onelogin, generic "
                    + "(the default is generic).\n", badIdp.body());

            assertEquals(404, get(URI.create(server.endpoint() + TestkitServer.IDP_PATH + "x" + q(ROLE, PROVIDER))).statusCode());
            assertEquals(404, get(URI.create(server.endpoint() + TestkitServer.IDP_PATH + "/x" + q(ROLE, PROVIDER))).statusCode());
            assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint()
                    + TestkitServer.IDP_PATH + q(ROLE, PROVIDER))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "GET only");
            assertEquals(404, get(URI.create(server.endpoint() + "/_testkit/other")).statusCode());
            assertEquals(0, server.emulator().issuedCredentials().size());
            assertFalse(server.emulator().hasProvider(PROVIDER), "nothing registered by a refused request");
        }
    }

    @Test
    void pageTextIsEscaped() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", TestkitServer.escape("<a href=\"x\">&'"));
        String page = TestkitServer.idpPage("arn:aws:iam::123456789012:role/<b>", PROVIDER, "ab\"c");
        assertTrue(page.contains("role/&lt;b&gt;"), page);
        assertTrue(page.contains("value=\"ab&quot;c\""), page);
    }

    @Test
    void federationEndpointIsServedAtFederation() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (TestkitServer server = new TestkitServer(List.of())) {
            assertEquals(URI.create(server.endpoint() + "/federation"), server.federationEndpoint());
            String unknown = json.createObjectNode().put("sessionId", "ASIAUNKNOWN").put("sessionKey", "k")
                    .put("sessionToken", "t").toString();
            HttpResponse<String> refused = get(URI.create(server.federationEndpoint()
                    + "?Action=getSigninToken&Session=" + enc(unknown)));
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("{\"error\":\"unknown credentials\"}", refused.body());

            // Credentials this STS issued get a token, and the browser that brings it lands on a page saying so.
            String saml = mint(server.endpoint(), q(ROLE, PROVIDER)).body();
            Credentials c = assume(server.endpoint(), saml).credentials();
            String session = json.createObjectNode().put("sessionId", c.accessKeyId())
                    .put("sessionKey", c.secretAccessKey()).put("sessionToken", c.sessionToken()).toString();
            HttpResponse<String> issued = get(URI.create(server.federationEndpoint()
                    + "?Action=getSigninToken&SessionDuration=3600&Session=" + enc(session)));
            assertEquals(200, issued.statusCode(), issued.body());
            String token = json.readTree(issued.body()).path("SigninToken").asText();
            assertEquals(List.of(new FederationEmulator.TokenRequest(c.accessKeyId(), "3600", token)),
                    server.federation().requests());

            HttpResponse<String> login = get(URI.create(server.federationEndpoint() + "?Action=login&Issuer=keyport"
                    + "&Destination=" + enc("https://console.aws.amazon.com/") + "&SigninToken=" + enc(token)));
            assertEquals(200, login.statusCode(), login.body());
            assertEquals("text/html; charset=utf-8", login.headers().firstValue("Content-Type").orElse(""));
            assertTrue(login.body().contains("<h1>Signed in to the AWS console (Keyport test kit stand-in)</h1>"),
                    login.body());
            assertTrue(login.body().contains("https://console.aws.amazon.com/"), login.body());
            assertEquals(List.of(new FederationEmulator.Login(token, "https://console.aws.amazon.com/", "keyport", true)),
                    server.federation().logins());

            HttpResponse<String> stranger = get(URI.create(server.federationEndpoint()
                    + "?Action=login&SigninToken=signin-forged"));
            assertEquals(400, stranger.statusCode());
            assertTrue(stranger.body().contains("Unknown sign-in token"), stranger.body());
        }
    }

    /** One raw HTTP/1.1 request (HttpClient will not send another Host); the status line. */
    private static String statusOf(URI endpoint, String requestHead) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.getOutputStream().write(requestHead.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void webPagesAndOtherHostsAreRefusedOnEveryRoute() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of(PROVIDER))) {
            URI endpoint = server.endpoint();
            String own = "127.0.0.1:" + endpoint.getPort();
            String path = TestkitServer.SAML_RESPONSE_PATH + q(ROLE, PROVIDER);
            assertEquals("HTTP/1.1 200 OK", statusOf(endpoint, "GET " + path + " HTTP/1.1\r\nHost: " + own
                    + "\r\nConnection: close\r\n\r\n"));
            // DNS rebinding: a page's own host name, resolved to 127.0.0.1.
            assertEquals("HTTP/1.1 403 Forbidden", statusOf(endpoint, "GET " + path + " HTTP/1.1\r\nHost: evil.example:"
                    + endpoint.getPort() + "\r\nConnection: close\r\n\r\n"));
            // A cross-site form post (1 MB each would pile up in memory) or fetch carries an Origin.
            for (String route : List.of("/", TestkitServer.FEDERATION_PATH, TestkitServer.IDP_PATH)) {
                assertEquals("HTTP/1.1 403 Forbidden", statusOf(endpoint, "POST " + route + " HTTP/1.1\r\nHost: " + own
                        + "\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
            assertEquals(0, server.emulator().requests().size(), "nothing refused reached the emulator");
        }
    }

    @Test
    void anIdpPageThatWantsASignInSendsTheBrowserThroughTheSignInPageOnce() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of(PROVIDER))) {
            URI page = URI.create(server.endpoint() + TestkitServer.IDP_PATH + q(ROLE, PROVIDER) + "&signIn=required");
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(SignInStandIn.PATH, signIn.uri().getPath(), "sent to the sign-in page");
            assertTrue(signIn.body().contains("<input name=\"user\" autofocus>"), signIn.body());
            String next = page.getRawPath() + "?" + page.getRawQuery();
            // Another browser, which the IdP page never sent here, cannot sign in with the form.
            HttpResponse<String> stranger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.endpoint() + SignInStandIn.PATH)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=alice&next=" + enc(next))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, stranger.statusCode(), stranger.body());
            HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(server.endpoint()
                    + SignInStandIn.PATH)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=alice&next=" + enc(next))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(signedIn.body().contains("name=\"SAMLResponse\""), "back at the IdP page: " + signedIn.body());
            HttpResponse<String> again = browser.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(TestkitServer.IDP_PATH, again.uri().getPath(), "signed in: straight to the post");
        }
    }
}
