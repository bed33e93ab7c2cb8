package dev.keyport.browser.cdp;

import dev.keyport.testkit.IntegrationTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@IntegrationTest
class FormFieldsTest {

    private static final String SAML = "PHNhbWxwOlJlc3BvbnNlIHg9J2EnLz4+/w==";
    private static final String ENCODED = "PHNhbWxwOlJlc3BvbnNlIHg9J2EnLz4%2B%2Fw%3D%3D";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decodesPercentEscapesAndPlusInAnyOrder() {
        assertEquals(Optional.of(SAML), FormFields.field(ascii("SAMLResponse=" + ENCODED + "&RelayState=a+b"),
                "SAMLResponse"));
        assertEquals(Optional.of(SAML), FormFields.field(ascii("RelayState=a+b&SAMLResponse=" + ENCODED),
                "SAMLResponse"));
        assertEquals(Optional.of("a b/ü"), FormFields.field(ascii("SAMLResponse=x&RelayState=a+b%2F%C3%BC"),
                "RelayState"));
    }

    @Test
    void distinguishesAbsentEmptyAndPrefixNames() {
        byte[] body = ascii("XSAMLResponse=1&SAMLResponseX=2&RelayState=&flag");
        assertEquals(Optional.empty(), FormFields.field(body, "SAMLResponse"));
        assertEquals(Optional.of(""), FormFields.field(body, "RelayState"));
        assertEquals(Optional.of(""), FormFields.field(body, "flag"));
        assertEquals(Optional.of("2"), FormFields.field(body, "SAMLResponseX"));
        assertEquals(Optional.of("1"), FormFields.field(ascii("&&SAMLResponse=1&SAMLResponse=2&"), "SAMLResponse"));
        assertEquals(Optional.empty(), FormFields.field(new byte[0], "SAMLResponse"));
    }

    @Test
    void malformedEscapeGivesEmptyNotAnExceptionQuotingTheBody() {
        assertEquals(Optional.empty(), FormFields.field(ascii("SAMLResponse=abc%2"), "SAMLResponse"));
        // A malformed unrelated field does not hide the wanted one.
        assertEquals(Optional.of("ok"), FormFields.field(ascii("x=%zz&SAMLResponse=ok"), "SAMLResponse"));
    }

    @Test
    void prefersPostDataEntriesOverPostData() {
        ObjectNode params = pausedEvent("application/x-www-form-urlencoded");
        // Two entries, each base64-encoded on its own, as Chromium sends them; postData says something else.
        req(params).put("postData", "SAMLResponse=wrong");
        req(params).putArray("postDataEntries")
                .add(entry("RelayState=r&SAMLRes")).add(entry("ponse=" + ENCODED));
        PausedRequest request = PausedRequest.fromEvent(params);
        assertEquals(Optional.of(SAML), FormFields.field(request, "SAMLResponse"));
        assertEquals(Optional.of("r"), FormFields.field(request, "RelayState"));
        assertTrue(request.hasPostData());
    }

    @Test
    void fallsBackToPostDataAndChecksContentType() {
        ObjectNode params = pausedEvent("Application/X-WWW-Form-Urlencoded; charset=UTF-8");
        req(params).put("postData", "SAMLResponse=" + ENCODED);
        assertEquals(Optional.of(SAML), FormFields.field(PausedRequest.fromEvent(params), "SAMLResponse"));

        ObjectNode multipart = pausedEvent("multipart/form-data; boundary=x");
        req(multipart).put("postData", "SAMLResponse=" + ENCODED);
        assertEquals(Optional.empty(), FormFields.field(PausedRequest.fromEvent(multipart), "SAMLResponse"));

        ObjectNode noBody = pausedEvent("application/x-www-form-urlencoded");
        req(noBody).put("hasPostData", true);
        PausedRequest withoutBody = PausedRequest.fromEvent(noBody);
        assertTrue(withoutBody.hasPostData());
        assertFalse(withoutBody.body().isPresent());
        assertEquals(Optional.empty(), FormFields.field(withoutBody, "SAMLResponse"));
    }

    @Test
    void toStringShowsNoBodyOrQuery() {
        ObjectNode params = pausedEvent("application/x-www-form-urlencoded");
        req(params).put("url", "https://signin.aws.amazon.com/saml?SAMLResponse=secretq");
        req(params).put("postData", "SAMLResponse=secretbody");
        String s = PausedRequest.fromEvent(params).toString();
        assertFalse(s.contains("secret"), s);
        assertTrue(s.contains("https://signin.aws.amazon.com/saml"), s);
        assertFalse(new CdpEvent("Fetch.requestPaused", params, "s").toString().contains("secret"));
    }

    private static ObjectNode pausedEvent(String contentType) {
        ObjectNode params = CdpConnection.MAPPER.createObjectNode();
        params.put("requestId", "interception-job-1.0").put("networkId", "n1").put("resourceType", "Document");
        ObjectNode request = params.putObject("request");
        request.put("url", "https://signin.aws.amazon.com/saml").put("method", "POST");
        request.putObject("headers").put("Content-Type", contentType).put("Origin", "null");
        return params;
    }

    private static ObjectNode req(ObjectNode params) {
        return (ObjectNode) params.get("request");
    }

    private static ObjectNode entry(String s) {
        return CdpConnection.MAPPER.createObjectNode()
                .put("bytes", Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
}
