package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SamlResponseFactory;
import dev.keyport.testkit.XswAttack;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XML signature wrapping: a forged assertion granting another role is placed before, after or inside the signed one,
 * the signature is moved, IDs are duplicated, the genuine assertion is hidden in an Extensions or Object wrapper.
 * Keyport must never read a role from a part no signature covers, so every such shape is refused, while genuine
 * responses (signed Response, signed Assertion, both, or none) are read and say what is signed.
 */
class SignatureWrappingTest {
    static final String GRANTED = "arn:aws:iam::123456789012:role/ReadOnly";
    static final String FORGED = "arn:aws:iam::123456789012:role/Admin";
    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/IdP";
    static final String SAML = XswAttack.SAML;
    static final String SAMLP = XswAttack.SAMLP;
    static final String DSIG = XswAttack.DSIG;

    private final SamlResponseFactory idp = new SamlResponseFactory();
    private final SamlAssertionReader reader = new SamlAssertionReader(1024 * 1024);

    /** A genuine response granting {@link #GRANTED} only, assertion signed (as Google does). */
    private String genuine() {
        return idp.google().rolePair(GRANTED, PROVIDER).build().xml();
    }

    /** The genuine response, changed by {@code attack}. */
    private String attacked(Consumer<XswAttack> attack) {
        return XswAttack.apply(genuine(), GRANTED, FORGED, attack);
    }

    private void assertRefused(String base64, String because) {
        KeyportException e = assertThrows(KeyportException.class, () -> reader.readWithNotes(base64));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertTrue(e.getMessage().contains(because), e.getMessage());
        assertTrue(!e.getMessage().contains(FORGED) && !e.getMessage().contains(GRANTED), "no content quoted");
    }

    @Test
    void aGenuineSignedResponseIsReadAndSaysWhatIsSigned() throws Exception {
        SamlAssertionReading google = reader.readWithNotes(Base64.getEncoder().encodeToString(
                genuine().getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new RolePair(GRANTED, PROVIDER)), google.assertion().rolePairs());
        assertTrue(google.signature().startsWith("the Assertion is signed; not verified by Keyport"),
                google.signature());
        SamlAssertionReading okta = reader.readWithNotes(idp.okta().rolePair(GRANTED, PROVIDER).build().base64());
        assertTrue(okta.signature().startsWith("the Response and the Assertion are signed;"), okta.signature());
        SamlAssertionReading response = reader.readWithNotes(idp.response().rolePair(GRANTED, PROVIDER)
                .signResponse(true).signAssertion(false).build().base64());
        assertTrue(response.signature().startsWith("the Response is signed;"), response.signature());
    }

    @Test
    void anUnsignedResponseIsReadButReportedAsUnsigned() throws Exception {
        SamlAssertionReading unsigned = reader.readWithNotes(idp.response().rolePair(GRANTED, PROVIDER)
                .signResponse(false).signAssertion(false).build().base64());
        assertTrue(unsigned.signature().startsWith("not signed: nothing in it can be trusted"), unsigned.signature());
        assertEquals(List.of(new RolePair(GRANTED, PROVIDER)), unsigned.assertion().rolePairs(), "read all the same");
    }

    @Test
    void aForgedAssertionBeforeOrAfterTheSignedOneIsRefused() throws Exception {
        assertRefused(XswAttack.forgedBefore(genuine(), GRANTED, FORGED), "holds 2 assertions");
        assertRefused(attacked(a -> a.response().appendChild(a.forged(false))), "holds 2 assertions");
    }

    @Test
    void aForgedAssertionWithTheSignedOnesIdIsRefused() throws Exception {
        assertRefused(attacked(a -> a.response().insertBefore(a.forged(true), a.signedAssertion())),
                "share the ID");
    }

    @Test
    void aForgedAssertionInsideTheSignedOneIsRefused() throws Exception {
        assertRefused(attacked(a -> {
            Element advice = a.doc().createElementNS(SAML, "saml2:Advice");
            advice.appendChild(a.forged(false));
            a.signedAssertion().appendChild(advice);
        }), "holds 2 assertions");
    }

    @Test
    void theGenuineAssertionHiddenInAnExtensionsOrObjectWrapperIsRefused() throws Exception {
        // XSW: the signed assertion moves into a wrapper; the forged one takes its place (and its ID).
        for (boolean sameId : new boolean[]{true, false}) {
            assertRefused(attacked(a -> {
                Element genuine = a.signedAssertion();
                Element forged = a.forged(sameId);
                Element extensions = a.doc().createElementNS(SAMLP, "saml2p:Extensions");
                a.response().replaceChild(forged, genuine);
                extensions.appendChild(genuine);
                a.response().insertBefore(extensions, forged);
            }), sameId ? "share the ID" : "holds 2 assertions");
        }
        assertRefused(attacked(a -> {
            Element genuine = a.signedAssertion();
            Element signature = (Element) genuine.getElementsByTagNameNS(DSIG, "Signature").item(0);
            Element object = a.doc().createElementNS(DSIG, "ds:Object");
            Element forged = a.forged(false);
            a.response().replaceChild(forged, genuine);
            // The signature goes into the forged assertion, wrapping the genuine one in an Object.
            signature.getParentNode().removeChild(signature);
            object.appendChild(genuine);
            signature.appendChild(object);
            forged.appendChild(signature);
        }), "assertions");
        // Only one assertion, but in a wrapper no signature of the Response covers as SAML places it.
        assertRefused(attacked(a -> {
            Element genuine = a.signedAssertion();
            Element extensions = a.doc().createElementNS(SAMLP, "saml2p:Extensions");
            a.response().replaceChild(extensions, genuine);
            extensions.appendChild(genuine);
        }), "not where SAML puts it");
    }

    @Test
    void aMovedSignatureIsRefused() throws Exception {
        // The assertion's signature moved up to the Response: it still points at the assertion, not at the Response.
        assertRefused(attacked(a -> {
            Element signature = (Element) a.signedAssertion().getElementsByTagNameNS(DSIG, "Signature").item(0);
            a.response().insertBefore(signature, a.signedAssertion());
        }), "does not point at the element it sits in");
        // A signature in a place SAML never puts one.
        assertRefused(attacked(a -> {
            Element signature = (Element) a.signedAssertion().getElementsByTagNameNS(DSIG, "Signature").item(0);
            Element subject = (Element) a.signedAssertion().getElementsByTagNameNS(SAML, "Subject").item(0);
            subject.appendChild(signature);
        }), "where SAML never puts one");
    }

    @Test
    void withTheIdpsCertificateConfiguredSignaturesAreVerified() throws Exception {
        SamlAssertionReader verifying = new SamlAssertionReader(1024 * 1024, () -> List.of(idp.certificate()));
        SamlAssertionReading genuine = verifying.readWithNotes(idp.okta().rolePair(GRANTED, PROVIDER).build().base64());
        assertTrue(genuine.signature().startsWith("the Response and the Assertion are signed; verified with the"
                + " certificate of ") && genuine.signature().contains("CN=Keyport Testkit IdP"), genuine.signature());

        // Changed after signing: the role in the signed assertion now says Admin.
        String tampered = XswAttack.apply(genuine(), GRANTED, FORGED, a -> {
            var values = a.signedAssertion().getElementsByTagNameNS(SAML, "AttributeValue");
            for (int i = 0; i < values.getLength(); i++) {
                Element v = (Element) values.item(i);
                v.setTextContent(v.getTextContent().replace(GRANTED, FORGED));
            }
        });
        KeyportException changed = assertThrows(KeyportException.class, () -> verifying.readWithNotes(tampered));
        assertTrue(changed.getMessage().contains("does not verify with any certificate"), changed.getMessage());
        assertEquals(List.of(new RolePair(FORGED, PROVIDER)), reader.read(tampered).rolePairs(),
                "without the certificate the same response reads (and AWS would refuse it)");

        String otherKey = new SamlResponseFactory().google().rolePair(GRANTED, PROVIDER).build().base64();
        assertThrows(KeyportException.class, () -> verifying.readWithNotes(otherKey));
        String unsigned = idp.response().rolePair(GRANTED, PROVIDER).signResponse(false).signAssertion(false).build()
                .base64();
        KeyportException none = assertThrows(KeyportException.class, () -> verifying.readWithNotes(unsigned));
        assertTrue(none.getMessage().contains("not signed"), none.getMessage());
    }

    @Test
    void aCertificateFileThatIsNotOneIsReportedWithItsPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("idp.pem"), "not a certificate");
        KeyportException e = assertThrows(KeyportException.class,
                () -> IdpCertificates.load(List.of(bad.toString())));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        java.nio.file.Path good = java.nio.file.Files.writeString(dir.resolve("good.pem"), idp.certificatePem());
        assertEquals(List.of(idp.certificate()), IdpCertificates.load(List.of(good.toString())));
    }
}
