package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.BasicCredential;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class SamlResponseFactoryTest {

    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static SamlResponseFactory idp;

    @BeforeAll
    static void idp() {
        idp = new SamlResponseFactory();
    }

    private static Document dom(SamlResponseFactory.SamlResponse r) throws Exception {
        assertArrayEquals(r.xml().getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(r.base64()));
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(r.xmlBytes()));
    }

    private static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element one(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        assertEquals(1, c.size(), local);
        return c.get(0);
    }

    private static Element assertion(Document d) {
        return one(d.getDocumentElement(), SAML, "Assertion");
    }

    private static List<String> values(Element assertion, String attributeName) {
        List<String> out = new ArrayList<>();
        for (Element st : children(assertion, SAML, "AttributeStatement")) {
            for (Element a : children(st, SAML, "Attribute")) {
                if (attributeName.equals(a.getAttribute("Name"))) {
                    for (Element v : children(a, SAML, "AttributeValue")) {
                        out.add(v.getTextContent());
                    }
                }
            }
        }
        return out;
    }

    private static Response unmarshall(SamlResponseFactory.SamlResponse r) throws Exception {
        return (Response) XMLObjectSupport.unmarshallFromInputStream(
                org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport.getParserPool(),
                new ByteArrayInputStream(r.xmlBytes()));
    }

    @Test
    void defaultResponseShapeAndTimes() throws Exception {
        Instant issued = Instant.parse("2026-03-01T10:00:00.250Z");
        SamlResponseFactory.SamlResponse r = idp.response().rolePair(ROLE, PROVIDER).issueInstant(issued).build();
        Document d = dom(r);
        Element root = d.getDocumentElement();
        assertEquals(SAMLP, root.getNamespaceURI());
        assertEquals("Response", root.getLocalName());
        assertEquals(SamlResponseFactory.ACS_AWS, root.getAttribute("Destination"));
        assertEquals(r.responseId(), root.getAttribute("ID"));
        Element a = assertion(d);
        assertEquals(r.assertionId(), a.getAttribute("ID"));
        assertEquals("2026-03-01T10:00:00.250Z", a.getAttribute("IssueInstant"));
        Element conditions = one(a, SAML, "Conditions");
        assertEquals("2026-03-01T09:55:00.250Z", conditions.getAttribute("NotBefore"));
        assertEquals("2026-03-01T10:05:00.250Z", conditions.getAttribute("NotOnOrAfter"));
        assertEquals(SamlResponseFactory.AUDIENCE_AWS,
                one(one(conditions, SAML, "AudienceRestriction"), SAML, "Audience").getTextContent());
        Element scd = one(one(one(a, SAML, "Subject"), SAML, "SubjectConfirmation"), SAML, "SubjectConfirmationData");
        assertEquals(SamlResponseFactory.ACS_AWS, scd.getAttribute("Recipient"));
        assertEquals("2026-03-01T10:05:00.250Z", scd.getAttribute("NotOnOrAfter"));
        assertEquals(List.of(ROLE + "," + PROVIDER), values(a, SamlResponseFactory.ROLE_ATTRIBUTE));
        assertEquals(List.of("alice@example.com"), values(a, SamlResponseFactory.ROLE_SESSION_NAME_ATTRIBUTE));
        assertEquals(List.of("3600"), values(a, SamlResponseFactory.SESSION_DURATION_ATTRIBUTE));
        assertEquals(0, children(root, DS, "Signature").size(), "generic default signs the assertion only");
        Element sig = one(a, DS, "Signature");
        Element signedInfo = one(sig, DS, "SignedInfo");
        assertEquals("http://www.w3.org/2001/10/xml-exc-c14n#",
                one(signedInfo, DS, "CanonicalizationMethod").getAttribute("Algorithm"));
        assertEquals("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                one(signedInfo, DS, "SignatureMethod").getAttribute("Algorithm"));
        Element ref = one(signedInfo, DS, "Reference");
        assertEquals("#" + r.assertionId(), ref.getAttribute("URI"));
        assertEquals("http://www.w3.org/2001/04/xmlenc#sha256", one(ref, DS, "DigestMethod").getAttribute("Algorithm"));
    }

    @Test
    void signatureValidatesWithOpenSamlAndTheCertificateIsSelfSigned() throws Exception {
        SamlResponseFactory.SamlResponse r = idp.okta().rolePair(ROLE, PROVIDER).build();
        Response response = unmarshall(r);
        BasicCredential trusted = new BasicCredential(idp.publicKey());
        new SAMLSignatureProfileValidator().validate(response.getSignature());
        SignatureValidator.validate(response.getSignature(), trusted);
        Assertion a = response.getAssertions().get(0);
        new SAMLSignatureProfileValidator().validate(a.getSignature());
        SignatureValidator.validate(a.getSignature(), trusted);

        X509Certificate cert = idp.certificate();
        assertNotNull(cert, "bcprov should be on the test classpath");
        assertEquals(idp.publicKey(), cert.getPublicKey());
        cert.verify(idp.publicKey());
        assertTrue(idp.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
        String embedded = dom(r).getElementsByTagNameNS(DS, "X509Certificate").item(0).getTextContent().replaceAll("\\s", "");
        assertEquals(Base64.getEncoder().encodeToString(cert.getEncoded()), embedded);

        Response other = unmarshall(new SamlResponseFactory().response().rolePair(ROLE, PROVIDER).build());
        assertThrows(SignatureException.class,
                () -> SignatureValidator.validate(other.getAssertions().get(0).getSignature(), trusted));
    }

    @Test
    void presetsFollowTheIdpShapes() throws Exception {
        Document okta = dom(idp.okta().rolePair(ROLE, PROVIDER).build());
        Element oa = assertion(okta);
        assertEquals(List.of(PROVIDER + "," + ROLE), values(oa, SamlResponseFactory.ROLE_ATTRIBUTE));
        assertEquals("urn:amazon:webservices", oa.getElementsByTagNameNS(SAML, "Audience").item(0).getTextContent());
        assertTrue(one(oa, SAML, "Issuer").getTextContent().startsWith("http://www.okta.com/"));
        assertEquals(SamlResponseFactory.NAMEID_ENTITY, one(oa, SAML, "Issuer").getAttribute("Format"));
        assertEquals(1, children(okta.getDocumentElement(), DS, "Signature").size());
        assertEquals(1, children(oa, DS, "Signature").size());

        Document google = dom(idp.google().rolePair(ROLE, PROVIDER).build());
        Element ga = assertion(google);
        assertEquals(List.of(ROLE + "," + PROVIDER), values(ga, SamlResponseFactory.ROLE_ATTRIBUTE));
        assertEquals(List.of("28800"), values(ga, SamlResponseFactory.SESSION_DURATION_ATTRIBUTE));
        Element value = (Element) ga.getElementsByTagNameNS(SAML, "AttributeValue").item(0);
        assertTrue(value.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type").endsWith(":anyType"));
        assertEquals(0, children(google.getDocumentElement(), DS, "Signature").size());
        assertTrue(one(ga, SAML, "Issuer").getTextContent().startsWith("https://accounts.google.com/o/saml2?idpid="));

        Document azure = dom(idp.azure().rolePair(ROLE, PROVIDER).roleValue(ROLE + "," + PROVIDER + ",").build());
        Element aa = assertion(azure);
        List<String> roles = values(aa, SamlResponseFactory.ROLE_ATTRIBUTE);
        assertEquals(List.of(ROLE + "," + PROVIDER, ROLE + "," + PROVIDER + ","), roles);
        assertEquals(roles, values(aa, SamlResponseFactory.AZURE_ROLE_CLAIM));
        assertEquals(List.of(), values(aa, SamlResponseFactory.SESSION_DURATION_ATTRIBUTE));
        assertTrue(one(aa, SAML, "Issuer").getTextContent().startsWith("https://sts.windows.net/"));

        assertEquals(List.of("Default"), values(assertion(dom(idp.onelogin().build())), SamlResponseFactory.ROLE_ATTRIBUTE));
        assertEquals(List.of(ROLE + "," + PROVIDER),
                values(assertion(dom(idp.onelogin().rolePair(ROLE, PROVIDER).build())), SamlResponseFactory.ROLE_ATTRIBUTE));
    }

    @Test
    void options() throws Exception {
        Instant issued = Instant.parse("2026-03-01T10:00:00Z");
        SamlResponseFactory.SamlResponse r = idp.response()
                .roleValue("  " + PROVIDER + "," + ROLE + "  ", "Default")
                .noRoleSessionName()
                .noSessionDuration()
                .sourceIdentity("alice")
                .sessionNotOnOrAfter(issued.plus(Duration.ofHours(8)))
                .destination(SamlResponseFactory.regionalAcs("eu-west-1"))
                .audiences(SamlResponseFactory.AUDIENCE_URN, SamlResponseFactory.AUDIENCE_AWS)
                .issueInstant(issued)
                .validity(Duration.ofMinutes(1))
                .signResponse(true).signAssertion(false)
                .attribute("https://aws.amazon.com/SAML/Attributes/PrincipalTag:team", "blue")
                .build();
        Document d = dom(r);
        Element a = assertion(d);
        assertEquals("https://eu-west-1.signin.aws.amazon.com/saml", d.getDocumentElement().getAttribute("Destination"));
        assertEquals(List.of("  " + PROVIDER + "," + ROLE + "  ", "Default"), values(a, SamlResponseFactory.ROLE_ATTRIBUTE));
        assertEquals(List.of(), values(a, SamlResponseFactory.ROLE_SESSION_NAME_ATTRIBUTE));
        assertEquals(List.of(), values(a, SamlResponseFactory.SESSION_DURATION_ATTRIBUTE));
        assertEquals(List.of("alice"), values(a, SamlResponseFactory.SOURCE_IDENTITY_ATTRIBUTE));
        assertEquals(List.of("blue"), values(a, "https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"));
        assertEquals("2026-03-01T18:00:00.000Z", one(a, SAML, "AuthnStatement").getAttribute("SessionNotOnOrAfter"));
        assertEquals("2026-03-01T10:01:00.000Z", one(a, SAML, "Conditions").getAttribute("NotOnOrAfter"));
        assertEquals(2, a.getElementsByTagNameNS(SAML, "Audience").getLength());
        assertEquals(1, children(d.getDocumentElement(), DS, "Signature").size());
        assertEquals(0, children(a, DS, "Signature").size());
        assertEquals(issued.plus(Duration.ofMinutes(1)), r.notOnOrAfter());

        SamlResponseFactory.SamlResponse t = r.tamper(x -> x.replace("blue", "red"));
        assertTrue(t.xml().contains(">red<"));
        assertArrayEquals(t.xml().getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(t.base64()));
    }

    @Test
    void encryptedAssertionDecryptsWithTheEncryptionKeyAndStaysSigned() throws Exception {
        SamlResponseFactory.SamlResponse r = idp.okta().rolePair(ROLE, PROVIDER).encryptAssertion(true).build();
        Document d = dom(r);
        assertEquals(0, children(d.getDocumentElement(), SAML, "Assertion").size());
        Element ea = one(d.getDocumentElement(), SAML, "EncryptedAssertion");
        assertEquals(-1, r.xml().indexOf(ROLE), "the role must not be readable in clear");
        String xenc = "http://www.w3.org/2001/04/xmlenc#";
        assertEquals(xenc + "aes128-cbc",
                ((Element) ea.getElementsByTagNameNS(xenc, "EncryptionMethod").item(0)).getAttribute("Algorithm"));
        assertEquals(xenc + "rsa-oaep-mgf1p",
                ((Element) ea.getElementsByTagNameNS(xenc, "EncryptionMethod").item(1)).getAttribute("Algorithm"));

        Response response = unmarshall(r);
        SignatureValidator.validate(response.getSignature(), new BasicCredential(idp.publicKey()));
        EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
        Decrypter decrypter = new Decrypter(null,
                new StaticKeyInfoCredentialResolver(new BasicCredential(idp.encryptionKeyPair().getPublic(),
                        idp.encryptionPrivateKey())),
                new InlineEncryptedKeyResolver());
        decrypter.setRootInNewDocument(true);
        Assertion a = decrypter.decrypt(encrypted);
        assertEquals(PROVIDER + "," + ROLE, a.getAttributeStatements().get(0).getAttributes().get(0)
                .getAttributeValues().get(0).getDOM().getTextContent());
        SignatureValidator.validate(a.getSignature(), new BasicCredential(idp.publicKey()));
    }
}
