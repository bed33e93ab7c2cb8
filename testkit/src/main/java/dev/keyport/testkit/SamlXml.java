package dev.keyport.testkit;

import static dev.keyport.testkit.StsEmulator.SAML_NS;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Reading the SAMLResponse parameter with the JDK's own DOM parser, hardened against DTDs and external entities, and
 * the DOM look-ups the AssumeRoleWithSAML checks make. Look-ups are of direct children only, by namespace and local
 * name, so an element placed elsewhere in the document (as signature wrapping does) is not taken for the real one.
 */
final class SamlXml {

    private SamlXml() {
    }

    /** The base64 SAMLResponse as a namespace-aware DOM. */
    static Document parse(String saml) throws StsError {
        byte[] xml;
        try {
            xml = Base64.getDecoder().decode(saml.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid base64 SAMLResponse (check that your SAML response is Base64 encoded)");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // the JDK's own parser
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() { // no "[Fatal Error]" on stderr
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: not well-formed XML or contains a DTD");
        }
    }

    /** Direct children with this namespace and local name, in order; none when {@code parent} is null. */
    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static Element first(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        return c.isEmpty() ? null : c.get(0);
    }

    /** Trimmed text content; empty for a missing element. */
    static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim();
    }

    /** Attribute name to its values, every AttributeStatement of the assertion together, in document order. */
    static Map<String, List<String>> attributes(Element assertion) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Element st : children(assertion, SAML_NS, "AttributeStatement")) {
            for (Element a : children(st, SAML_NS, "Attribute")) {
                List<String> values = m.computeIfAbsent(a.getAttribute("Name"), k -> new ArrayList<>());
                for (Element v : children(a, SAML_NS, "AttributeValue")) {
                    values.add(v.getTextContent());
                }
            }
        }
        return m;
    }

    /** An xs:dateTime; one that does not parse makes the response invalid, as at STS. */
    static Instant instant(String xsDateTime) throws StsError {
        try {
            return OffsetDateTime.parse(xsDateTime.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: bad dateTime");
        }
    }
}
