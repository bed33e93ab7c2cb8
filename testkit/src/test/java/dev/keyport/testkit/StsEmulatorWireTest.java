package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The emulator on the wire: the XML shapes, headers and errors of raw requests, as the AWS query protocol has them.
 */
class StsEmulatorWireTest extends StsEmulatorFixture {

    // --- wire format ---------------------------------------------------------------------------------------------

    @Test
    void rawAssumeRoleWithSamlResponseHasTheAwsShape() throws Exception {
        String saml = idp.response().rolePair(ROLE, PROVIDER).build().base64();
        HttpResponse<String> r = form("Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=" + enc(ROLE)
                + "&PrincipalArn=" + enc(PROVIDER) + "&SAMLAssertion=" + enc(saml) + "&DurationSeconds=1800",
                "application/x-www-form-urlencoded; charset=utf-8");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/xml", r.headers().firstValue("Content-Type").orElse(null));
        Document d = xml(r.body());
        Element root = d.getDocumentElement();
        assertEquals("AssumeRoleWithSAMLResponse", root.getLocalName());
        assertEquals(StsEmulator.STS_NS, root.getNamespaceURI());
        String ns = StsEmulator.STS_NS;
        Element result = (Element) root.getElementsByTagNameNS(ns, "AssumeRoleWithSAMLResult").item(0);
        for (String child : List.of("Audience", "AssumedRoleUser", "Credentials", "Issuer", "NameQualifier", "Subject", "SubjectType")) {
            assertEquals(1, result.getElementsByTagNameNS(ns, child).getLength(), child);
        }
        String expiration = d.getElementsByTagNameNS(ns, "Expiration").item(0).getTextContent();
        assertEquals(t0.plusSeconds(1800).toString(), expiration);
        assertTrue(expiration.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), expiration);
        String requestId = d.getElementsByTagNameNS(ns, "RequestId").item(0).getTextContent();
        assertTrue(requestId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), requestId);
        assertEquals(requestId, r.headers().firstValue("x-amzn-RequestId").orElse(null));
        assertEquals(saml, sts.requests().get(0).samlAssertion());
        assertEquals(1800, sts.requests().get(0).durationSeconds());
    }

    @Test
    void unknownActionUnsignedCallerIdentityAndOtherPaths() throws Exception {
        HttpResponse<String> r = form("Action=GetFederationToken&Version=2011-06-15", "application/x-www-form-urlencoded");
        assertEquals(400, r.statusCode());
        assertEquals("InvalidAction", errorCode(r.body()));

        HttpResponse<String> unsignedChain = form("Action=AssumeRole&Version=2011-06-15",
                "application/x-www-form-urlencoded");
        assertEquals(403, unsignedChain.statusCode(), "AssumeRole must be signed");
        assertEquals("MissingAuthenticationToken", errorCode(unsignedChain.body()));

        HttpResponse<String> anon = form("Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded");
        assertEquals(403, anon.statusCode());
        assertEquals("MissingAuthenticationToken", errorCode(anon.body()));

        HttpResponse<String> path = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sts.endpoint() + "/sts/x"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, path.statusCode());
        assertEquals(4, sts.requests().size());
    }
}
