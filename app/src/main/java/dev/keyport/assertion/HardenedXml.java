package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the decoded SAMLResponse bytes into a DOM, and nothing more: the hardened parser pool and the translation of
 * its failures into messages a user can act on. Everything SAML about the document (which element is the root, what
 * is signed, what it says) is for {@link SamlResponseParser} and the classes it hands the document to. Messages say
 * where the XML is broken, never what it holds.
 */
final class HardenedXml {
    /** Deepest element nesting accepted (JDK parser limit, jdk.xml.maxElementDepth). */
    static final int MAX_DEPTH = 64;
    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private final BasicParserPool pool;

    HardenedXml(BasicParserPool pool) {
        this.pool = pool;
    }

    /**
     * A pool of namespace-aware DOM builders that refuse any DOCTYPE (so no DTD, no entity of any kind, no billion
     * laughs), never fetch anything, do not process XInclude, and run with the JAXP secure-processing limits.
     */
    static BasicParserPool hardenedPool() {
        BasicParserPool pool = new BasicParserPool();
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setDTDValidating(false);
        pool.setCoalescing(true);
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        pool.setBuilderFeatures(features);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        attributes.put(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // A SAML response is about a dozen levels deep; a document nested far deeper is an attack on whatever walks
        // it recursively (stack exhaustion), so the parser stops at MAX_DEPTH.
        attributes.put(MAX_DEPTH_PROPERTY, Integer.toString(MAX_DEPTH));
        pool.setBuilderAttributes(attributes);
        pool.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("External entities are not allowed");
        });
        pool.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // ignored, and deliberately not logged (a message could quote the document)
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            pool.initialize();
        } catch (ComponentInitializationException e) {
            throw new KeyportException(ErrorCategory.INTERNAL,
                    "The hardened XML parser could not be set up; this is a Keyport bug", e);
        }
        return pool;
    }

    /**
     * The document the bytes hold.
     *
     * @throws KeyportException INVALID_INPUT when the XML nests too deep, has a DOCTYPE or is not well-formed; the
     *                          parser's own message is not passed on, since it can quote the document
     */
    Document parse(byte[] xml) {
        try {
            return pool.parse(new ByteArrayInputStream(xml));
        } catch (XMLParserException e) {
            Throwable cause = e;
            SAXParseException sax = null;
            boolean doctype = false;
            while (cause != null) {
                if (cause instanceof SAXParseException s) {
                    sax = s;
                }
                String m = cause.getMessage();
                if (m != null && m.contains("DOCTYPE")) {
                    doctype = true;
                }
                cause = cause.getCause();
            }
            if (tooDeep(e)) {
                throw SamlResponseParser.invalid("The SAMLResponse nests its XML elements more than " + MAX_DEPTH
                        + " levels deep; a SAML response needs about a dozen. Keyport refuses it");
            }
            if (doctype) {
                throw SamlResponseParser.invalid("The SAMLResponse contains a DOCTYPE (DTD). SAML never uses one and"
                        + " it is how XML entity attacks start (XXE, billion laughs), so Keyport refuses it");
            }
            String where = sax != null && sax.getLineNumber() > 0
                    ? " (line " + sax.getLineNumber() + ", column " + sax.getColumnNumber() + ")"
                    : "";
            throw SamlResponseParser.invalid("The SAMLResponse decodes from base64 but is not well-formed XML" + where
                    + ". Pass the SAMLResponse form field exactly as the identity provider posts it.");
        }
    }

    /** The JDK reports the depth limit only in its message (by property name, or by its message code). */
    private static boolean tooDeep(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("maxElementDepth") || m.contains("JAXP00010006"))) {
                return true;
            }
        }
        return false;
    }
}
