package dev.keyport.assertion;

import com.sun.net.httpserver.HttpServer;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SamlFixtureBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.keyport.testkit.SamlFixtures.IDP_A;
import static dev.keyport.testkit.SamlFixtures.ROLE_A;
import static dev.keyport.testkit.SamlFixtures.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamlAssertionReaderHostileInputTest {
    private final SamlAssertionReader reader = new SamlAssertionReader(1024 * 1024);

    private KeyportException refused(String input) {
        KeyportException e = assertThrows(KeyportException.class, () -> reader.read(input));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        return e;
    }

    /** Everything an exception could show: message, causes, suppressed, stack trace text. */
    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void externalEntityPointingAtALocalFileIsRefusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        String marker = "KEYPORT-XXE-MARKER-" + UUID.randomUUID();
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, marker);
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "%s">]>
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r" Version="2.0">\
                <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">&xxe;</saml:Issuer>\
                <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="a" Version="2.0">\
                <saml:Issuer>&xxe;</saml:Issuer></saml:Assertion></samlp:Response>""".formatted(secret.toUri());
        KeyportException e = refused(b64(xml));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(everything(e).contains(marker), "the file's content appears nowhere");
        assertFalse(everything(e).contains(secret.toString()), "nor does the entity's target");
        assertNull(e.getCause(), "no cause that could quote the document");
    }

    @Test
    void externalEntitiesAndExternalDtdsAreNeverFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] body = "<!ENTITY x 'fetched'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            String generalEntity = """
                    <!DOCTYPE r [<!ENTITY e SYSTEM "%s/general">]>\
                    <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&e;</samlp:Response>"""
                    .formatted(base);
            String parameterEntity = """
                    <!DOCTYPE r [<!ENTITY %% p SYSTEM "%s/parameter"> %%p;]>\
                    <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>""".formatted(base);
            String externalDtd = """
                    <!DOCTYPE r SYSTEM "%s/dtd">\
                    <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>""".formatted(base);
            String xinclude = """
                    <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r" Version="2.0">\
                    <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">\
                    <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s/xinclude" parse="text"/>\
                    </saml:Issuer></samlp:Response>""".formatted(base);
            for (String xml : new String[]{generalEntity, parameterEntity, externalDtd}) {
                assertTrue(refused(b64(xml)).getMessage().contains("DOCTYPE"));
            }
            // XInclude is not processed: the element is just an unknown child, and nothing is fetched
            try {
                reader.read(b64(xinclude));
            } catch (KeyportException e) {
                assertEquals(ErrorCategory.INVALID_INPUT, e.category());
            }
            assertEquals(0, fetches.get(), "the parser fetched a URL");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String prev = i == 1 ? "lol" : "lol" + (i - 1);
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = dtd + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">&lol9;</saml:Issuer>"
                + "</samlp:Response>";
        KeyportException e = refused(b64(xml));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertTrue(e.getMessage().contains("billion laughs"), e.getMessage());
    }

    @Test
    void oversizeInputIsRefusedBeforeDecoding() {
        SamlAssertionReader small = new SamlAssertionReader(1000);
        // 1001 characters that are not even base64: refused for the size, so decoding never happened
        String input = "!".repeat(1001);
        KeyportException e = assertThrows(KeyportException.class, () -> small.read(input));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertTrue(e.getMessage().contains("1001") && e.getMessage().contains("1000"), e.getMessage());
        assertTrue(e.getMessage().contains("keyport.assertion.max-size"), e.getMessage());
        assertTrue(e.getMessage().contains("not decoded"), e.getMessage());
        // at the limit it is decoded (and then fails as base64, proving the size check passed)
        KeyportException atLimit = assertThrows(KeyportException.class, () -> small.read("!".repeat(1000)));
        assertTrue(atLimit.getMessage().contains("not valid base64"), atLimit.getMessage());
    }

    @Test
    void notBase64() {
        String m = refused("this is *not* base64!").getMessage();
        assertTrue(m.contains("not valid base64"), m);
        assertFalse(m.contains("*not*"), m);
        assertTrue(refused("<samlp:Response/>").getMessage().contains("looks like XML"));
        assertTrue(refused("PHNhbWxwOlJlc3BvbnNl%2B").getMessage().contains("URL-encoded"));
        assertTrue(refused("   \n").getMessage().contains("empty"));
        assertTrue(refused(null).getMessage().contains("empty"));
    }

    @Test
    void notXml() {
        String secretish = "hunter2-" + UUID.randomUUID();
        String m = refused(b64("this is plain text with " + secretish)).getMessage();
        assertTrue(m.contains("not well-formed XML"), m);
        assertFalse(m.contains(secretish), m);
        byte[] binary = new byte[64];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37);
        }
        assertTrue(refused(Base64.getEncoder().encodeToString(binary)).getMessage().contains("not well-formed XML"));
        String truncated = new SamlFixtureBuilder(Instant.now()).xml();
        assertTrue(refused(b64(truncated.substring(0, truncated.length() / 2))).getMessage()
                .contains("not well-formed XML"));
    }

    @Test
    void wrongRootElement() {
        String m = refused(b64("<html><body>Sign in</body></html>")).getMessage();
        assertTrue(m.contains("'html'") && m.contains("no namespace"), m);
        assertTrue(m.contains("Response"), m);
        String authnRequest = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>";
        String m2 = refused(b64(authnRequest)).getMessage();
        assertTrue(m2.contains("'AuthnRequest'"), m2);
        // right local name, wrong namespace (SAML 1.1): matched by namespace, not by name
        String saml11 = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:1.0:protocol\"/>";
        assertTrue(refused(b64(saml11)).getMessage().contains("urn:oasis:names:tc:SAML:1.0:protocol"));
    }

    @Test
    void responseWithoutAssertionNamesTheStatus() {
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"r\" Version=\"2.0\">"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\">"
                + "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:AuthnFailed\"/></samlp:StatusCode>"
                + "<samlp:StatusMessage>secret detail</samlp:StatusMessage></samlp:Status></samlp:Response>";
        String m = refused(b64(xml)).getMessage();
        assertTrue(m.contains("no Assertion"), m);
        assertTrue(m.contains("Responder/AuthnFailed"), m);
        assertFalse(m.contains("secret detail"), m);
    }

    @Test
    void malformedTimestampIsRefusedWithoutQuotingIt() {
        String xml = new SamlFixtureBuilder(Instant.now()).roleAttribute(ROLE_A + "," + IDP_A).xml()
                .replaceFirst("NotOnOrAfter=\"[^\"]+\"", "NotOnOrAfter=\"tomorrow-ish\"");
        KeyportException e = refused(b64(xml));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
        assertFalse(everything(e).contains("tomorrow-ish"), e.getMessage());
    }
}
