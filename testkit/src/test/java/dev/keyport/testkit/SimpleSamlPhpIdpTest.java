package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.OTHER_ROLE;
import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** Proves the SimpleSAMLphp harness with plain HTTP (no browser): form login, signed AWS response, SSO, stop/start. */
@IntegrationTest
class SimpleSamlPhpIdpTest {

    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String ALICE_PASSWORD = "Corr3ct-horse'battery\"staple";
    private static final String BOB_PASSWORD = "b0b-pa55word";

    /** One IdP for the tests below, started before the first and closed after the last. */
    @RegisterExtension
    static final SimpleSamlPhpIdpExtension simpleSamlPhp = SimpleSamlPhpIdpExtension
            .withUser("alice", ALICE_PASSWORD, List.of(ROLE + "," + PROVIDER, OTHER_ROLE + "," + PROVIDER),
                    "alice@example.com", 1800)
            .user("bob", BOB_PASSWORD, List.of(ROLE + "," + PROVIDER), "bob@example.com");

    // --- tests ----------------------------------------------------------------------------------------------------

    @Test
    void formLoginPostsSignedAwsResponseThatTheStsAccepts() throws Exception {
        SimpleSamlPhpIdp idp = simpleSamlPhp.idp();
        Browser browser = new Browser();

        Page form = browser.get(idp.loginUrl());
        assertEquals(200, form.status);
        assertTrue(form.body.contains("id=\"username\""), form.body);
        assertTrue(form.body.contains("id=\"password\""), form.body);
        assertTrue(form.body.contains("id=\"submit_button\""), form.body);
        assertTrue(form.hidden().containsKey("AuthState"), form.body);

        Page posted = browser.submitLogin(form, "alice", ALICE_PASSWORD);
        assertEquals(200, posted.status);
        assertEquals(SimpleSamlPhpIdp.ACS_AWS, posted.formAction(), posted.body);
        String b64 = posted.hidden().get("SAMLResponse");
        assertTrue(b64 != null && !b64.isEmpty(), posted.body);

        Document doc = parse(b64);
        Element response = doc.getDocumentElement();
        assertEquals("Response", response.getLocalName());
        assertEquals(SimpleSamlPhpIdp.ACS_AWS, response.getAttribute("Destination"));
        assertEquals(idp.entityId(), text(response, SAML, "Issuer"));
        assertEquals(idp.baseUrl() + "saml2/idp/metadata.php", idp.entityId());
        assertEquals("urn:oasis:names:tc:SAML:2.0:status:Success",
                ((Element) response.getElementsByTagNameNS(SAMLP, "StatusCode").item(0)).getAttribute("Value"));
        assertEquals(SimpleSamlPhpIdp.SP_ENTITY_ID, text(response, SAML, "Audience"));
        assertEquals("alice", text(response, SAML, "NameID"));
        assertEquals(2, response.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").getLength(),
                "Response and Assertion are both signed");

        Map<String, List<String>> attributes = attributes(doc);
        assertEquals(List.of(SimpleSamlPhpIdp.ATTR_ROLE, SimpleSamlPhpIdp.ATTR_SESSION_NAME,
                SimpleSamlPhpIdp.ATTR_SESSION_DURATION), List.copyOf(attributes.keySet()), "only the AWS attributes");
        assertEquals(List.of(ROLE + "," + PROVIDER, OTHER_ROLE + "," + PROVIDER), attributes.get(SimpleSamlPhpIdp.ATTR_ROLE));
        assertEquals(List.of("alice@example.com"), attributes.get(SimpleSamlPhpIdp.ATTR_SESSION_NAME));
        assertEquals(List.of("1800"), attributes.get(SimpleSamlPhpIdp.ATTR_SESSION_DURATION));

        try (StsEmulator sts = new StsEmulator(); StsClient client = Testkit.anonymous(sts.endpoint())) {
            idp.trustedBy(sts, PROVIDER);

            AssumeRoleWithSamlResponse r = client.assumeRoleWithSAML(q -> q.roleArn(OTHER_ROLE).principalArn(PROVIDER)
                    .samlAssertion(b64));
            assertEquals("arn:aws:sts::123456789012:assumed-role/SSO.AdminRole/alice@example.com",
                    r.assumedRoleUser().arn());
            assertEquals(idp.entityId(), r.issuer());
            assertEquals("alice", r.subject());
            assertEquals("persistent", r.subjectType());

            // The emulator really checks the IdP's signature: any change to the signed XML is rejected.
            String xml = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            String tampered = Base64.getEncoder().encodeToString(
                    xml.replace("alice@example.com", "mallory@example.com").getBytes(StandardCharsets.UTF_8));
            StsException e = assertThrows(StsException.class, () -> client.assumeRoleWithSAML(
                    q -> q.roleArn(OTHER_ROLE).principalArn(PROVIDER).samlAssertion(tampered)));
            assertEquals(StsEmulator.MSG_SIGNATURE_INVALID, e.awsErrorDetails().errorMessage());
            assertEquals(List.of(), sts.internalErrors());
        }
    }

    @Test
    void secondVisitWithTheSameCookiesReauthenticatesSilently() throws Exception {
        SimpleSamlPhpIdp idp = simpleSamlPhp.idp();
        Browser browser = new Browser();
        Page first = browser.submitLogin(browser.get(idp.loginUrl()), "bob", BOB_PASSWORD);
        String firstResponse = first.hidden().get("SAMLResponse");

        Page again = browser.get(idp.loginUrl());
        assertEquals(200, again.status);
        assertFalse(again.body.contains("id=\"password\""), "no login form the second time");
        assertEquals(SimpleSamlPhpIdp.ACS_AWS, again.formAction());
        String secondResponse = again.hidden().get("SAMLResponse");
        assertNotEquals(firstResponse, secondResponse);
        Document d1 = parse(firstResponse);
        Document d2 = parse(secondResponse);
        assertNotEquals(d1.getDocumentElement().getAttribute("ID"), d2.getDocumentElement().getAttribute("ID"));
        Map<String, List<String>> attributes = attributes(d2);
        assertEquals(List.of(ROLE + "," + PROVIDER), attributes.get(SimpleSamlPhpIdp.ATTR_ROLE));
        assertEquals(List.of("bob@example.com"), attributes.get(SimpleSamlPhpIdp.ATTR_SESSION_NAME));
        assertFalse(attributes.containsKey(SimpleSamlPhpIdp.ATTR_SESSION_DURATION), "bob has no SessionDuration");

        try (StsEmulator sts = new StsEmulator(); StsClient client = Testkit.anonymous(sts.endpoint())) {
            idp.trustedBy(sts, PROVIDER);
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/bob@example.com", client.assumeRoleWithSAML(
                    q -> q.roleArn(ROLE).principalArn(PROVIDER).samlAssertion(secondResponse)).assumedRoleUser().arn());
        }

        // Without the cookies there is no session: the form again.
        Page stranger = new Browser().get(idp.loginUrl());
        assertTrue(stranger.body.contains("id=\"password\""), stranger.body);
    }

    @Test
    void wrongPasswordShowsTheFormAgainAndPasswordsAreNeverLogged() throws Exception {
        SimpleSamlPhpIdp idp = simpleSamlPhp.idp();
        Browser browser = new Browser();
        Page retry = browser.submitLogin(browser.get(idp.loginUrl()), "alice", "wrong-password");
        assertTrue(retry.body.contains("id=\"password\""), retry.body);
        assertFalse(retry.body.contains("SAMLResponse"));

        Page ok = browser.submitLogin(retry, "alice", ALICE_PASSWORD);
        assertEquals(SimpleSamlPhpIdp.ACS_AWS, ok.formAction(), ok.body);

        assertFalse(idp.toString().contains(ALICE_PASSWORD));
        assertFalse(idp.users().toString().contains(ALICE_PASSWORD));
        assertFalse(idp.users().toString().contains(BOB_PASSWORD));
        try (Stream<Path> logs = Files.walk(idp.directory().resolve("log"))) {
            for (Path log : logs.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String content = Files.readString(log, StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(ALICE_PASSWORD) || content.contains("wrong-password"), log.toString());
            }
        }
        assertFalse(idp.diagnostics().contains(ALICE_PASSWORD));
    }

    @Test
    void metadataAndCertificateDescribeTheSigningKey() throws Exception {
        SimpleSamlPhpIdp idp = simpleSamlPhp.idp();
        String metadata = idp.metadataXml();
        assertTrue(metadata.contains("entityID=\"" + idp.entityId() + "\""), metadata);
        String der = Base64.getEncoder().encodeToString(idp.signingCertificate().getEncoded());
        assertTrue(metadata.replaceAll("\\s", "").contains(der), "metadata carries the signing certificate");
        assertEquals("RSA", idp.signingCertificate().getPublicKey().getAlgorithm());
        assertEquals("SHA256withRSA", idp.signingCertificate().getSigAlgName());
        assertEquals(idp.baseUrl().resolve("saml2/idp/SSOService.php?spentityid=urn%3Aamazon%3Awebservices"),
                idp.loginUrl());
    }

    @Test
    void stopRefusesConnectionsOnTheSamePortAndStartBringsTheIdpBack() throws Exception {
        SimpleSamlPhpIdp own = SimpleSamlPhpIdp.builder()
                .user("carol", "carol-pw", List.of(ROLE + "," + PROVIDER), "carol@example.com")
                .acs("https://us-east-2.signin.aws.amazon.com/saml")
                .start();
        Path dir = own.directory();
        try {
            Browser browser = new Browser();
            Page before = browser.submitLogin(browser.get(own.loginUrl()), "carol", "carol-pw");
            assertEquals("https://us-east-2.signin.aws.amazon.com/saml", before.formAction(), before.body);
            assertEquals("https://us-east-2.signin.aws.amazon.com/saml",
                    parse(before.hidden().get("SAMLResponse")).getDocumentElement().getAttribute("Destination"));
            int port = own.port();

            own.stop();
            assertFalse(own.isRunning());
            assertThrows(ConnectException.class, () -> browser.get(own.loginUrl()));

            own.start();
            assertTrue(own.isRunning());
            assertEquals(port, own.port());
            // Sessions live in the folder, so the same browser is still signed in after the restart.
            Page after = browser.get(own.loginUrl());
            assertEquals("https://us-east-2.signin.aws.amazon.com/saml", after.formAction(), after.body);
            assertTrue(new Browser().get(own.loginUrl()).body.contains("id=\"username\""));
        } finally {
            own.close();
        }
        assertFalse(Files.exists(dir), "close() deletes the folder");
    }

    @Test
    void missingPackageFailsLoudlyWithTheInstallCommand(@TempDir Path empty) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SimpleSamlPhpIdp.builder().packageDir(empty.resolve("nothing-here")).start());
        assertTrue(e.getMessage().contains("bash .ci/install-test-deps"), e.getMessage());
    }

    // --- a minimal cookie-keeping HTTP "browser" ------------------------------------------------------------------

    private static final Pattern FORM_ACTION = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.DOTALL);
    private static final Pattern ATTR = Pattern.compile("\\b(type|name|value)=\"([^\"]*)\"");

    private record Page(URI uri, int status, String body) {
        String formAction() {
            Matcher m = FORM_ACTION.matcher(body);
            return m.find() ? unescape(m.group(1)) : null;
        }

        Map<String, String> hidden() {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = INPUT.matcher(body);
            while (m.find()) {
                Map<String, String> a = new LinkedHashMap<>();
                Matcher am = ATTR.matcher(m.group());
                while (am.find()) {
                    a.put(am.group(1), unescape(am.group(2)));
                }
                if ("hidden".equals(a.get("type")) && a.containsKey("name")) {
                    fields.put(a.get("name"), a.getOrDefault("value", ""));
                }
            }
            return fields;
        }
    }

    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();

        Page get(URI uri) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        /** Fills #username / #password of the login page and submits its form with the hidden fields. */
        Page submitLogin(Page form, String username, String password) throws IOException, InterruptedException {
            String action = form.formAction();
            assertTrue(action != null, form.body);
            URI target;
            if (action.isEmpty() || action.startsWith("?")) { // the 1.19 template posts to "?"
                String base = form.uri.toString();
                int q = base.indexOf('?');
                target = URI.create((q < 0 ? base : base.substring(0, q)) + action);
            } else {
                target = form.uri.resolve(action);
            }
            List<String> pairs = new ArrayList<>();
            Map<String, String> fields = new LinkedHashMap<>(form.hidden());
            fields.put("username", username);
            fields.put("password", password);
            fields.forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
            return send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
        }

        private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.uri(), r.statusCode(), r.body());
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#039;", "'").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static Document parse(String base64) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    private static String text(Element root, String ns, String localName) {
        NodeList list = root.getElementsByTagNameNS(ns, localName);
        assertTrue(list.getLength() > 0, "no " + localName);
        return list.item(0).getTextContent().trim();
    }

    private static Map<String, List<String>> attributes(Document doc) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        NodeList attributes = doc.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element a = (Element) attributes.item(i);
            assertEquals("urn:oasis:names:tc:SAML:2.0:attrname-format:uri", a.getAttribute("NameFormat"));
            List<String> values = new ArrayList<>();
            NodeList v = a.getElementsByTagNameNS(SAML, "AttributeValue");
            for (int j = 0; j < v.getLength(); j++) {
                values.add(v.item(j).getTextContent());
            }
            out.put(a.getAttribute("Name"), values);
        }
        return out;
    }
}
