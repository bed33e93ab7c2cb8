package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * What the STS emulator's tests share: an emulator on a fixed clock with the test IdP's key registered, an anonymous
 * SDK client, and ways to call it through the SDK or as raw HTTP.
 */
abstract class StsEmulatorFixture {
    static SamlResponseFactory idp;
    StsEmulator sts;
    StsClient client;
    Instant t0;

    @BeforeAll
    static void idp() {
        idp = new SamlResponseFactory();
    }

    @BeforeEach
    void start() {
        sts = new StsEmulator();
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sts.clock(Clock.fixed(t0, ZoneOffset.UTC));
        sts.registerProvider(PROVIDER, idp.publicKey());
        client = Testkit.anonymous(sts.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        sts.close();
        assertEquals(List.of(), sts.internalErrors(), "the emulator itself failed");
    }

    AssumeRoleWithSamlResponse assume(String saml, String role, String provider, Integer duration) {
        return client.assumeRoleWithSAML(r -> r.roleArn(role).principalArn(provider).samlAssertion(saml)
                .durationSeconds(duration));
    }

    StsException rejected(String saml, String role, String provider, Integer duration) {
        return assertThrows(StsException.class, () -> assume(saml, role, provider, duration));
    }

    static void assertError(StsException e, int status, String code, String message) {
        assertEquals(code, e.awsErrorDetails().errorCode(), e::toString);
        assertEquals(status, e.statusCode(), e::toString);
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
    }

    AssumeRoleWithSamlResponse issue() {
        return assume(idp.response().rolePair(ROLE, PROVIDER).roleSessionName("bob").build().base64(), ROLE, PROVIDER, null);
    }

    void useRealClock() {
        sts.clock(Clock.systemUTC()); // the SDK signs with the real time
    }

    HttpResponse<String> post(Map<String, List<String>> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sts.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
        headers.forEach((k, v) -> {
            if (!restricted.contains(k.toLowerCase())) {
                v.forEach(value -> b.header(k, value));
            }
        });
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Document xml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static String errorCode(String body) throws Exception {
        Document d = xml(body);
        assertEquals("ErrorResponse", d.getDocumentElement().getLocalName());
        assertEquals(StsEmulator.STS_NS, d.getDocumentElement().getNamespaceURI());
        return d.getElementsByTagNameNS(StsEmulator.STS_NS, "Code").item(0).getTextContent();
    }

    HttpResponse<String> form(String body, String contentType) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(sts.endpoint().resolve("/"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
