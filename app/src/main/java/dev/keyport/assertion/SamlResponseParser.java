package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.w3c.dom.Element;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The OpenSAML half of {@link SamlAssertionReader}: takes the decoded XML through each stage in turn, and owns the
 * order of those stages. {@link HardenedXml} builds the DOM; this class makes sure the root is a SAML 2.0 Response
 * (or a bare Assertion), has {@link SignedPart} check the document's shape before anything is read from it,
 * unmarshalls it, verifies signatures when IdP certificates are configured ({@link SignatureCheck}), and hands the
 * result to an {@link AssertionWalk}. Created on the first read only (it initialises OpenSAML). Exception messages
 * name elements and attributes, never their content.
 */
final class SamlResponseParser {
    private static final Object LOCK = new Object();
    private static volatile SamlResponseParser instance;

    private final HardenedXml parser;

    private SamlResponseParser(HardenedXml parser) {
        this.parser = parser;
    }

    /** The shared parser; the first call initialises OpenSAML and the parser pool (once, thread-safe). */
    static SamlResponseParser get() {
        SamlResponseParser p = instance;
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            if (instance == null) {
                OpenSamlBootstrap.ensureInitialized();
                instance = new SamlResponseParser(new HardenedXml(HardenedXml.hardenedPool()));
            }
            return instance;
        }
    }

    /**
     * Parses the decoded XML; {@code original} is kept as the assertion's samlResponse, {@code quirks} names the
     * provider whose assertion quirks apply once the issuer is known.
     */
    SamlAssertionReading parse(byte[] xml, String original, QuirksLookup quirks, List<X509Certificate> trusted) {
        Element root = parser.parse(xml).getDocumentElement();
        String ns = root.getNamespaceURI();
        String local = root.getLocalName();
        boolean isResponse = SAMLConstants.SAML20P_NS.equals(ns) && "Response".equals(local);
        boolean isAssertion = SAMLConstants.SAML20_NS.equals(ns) && "Assertion".equals(local);
        if (!isResponse && !isAssertion) {
            throw invalid("The SAMLResponse is XML, but its root element is " + describe(ns, local)
                    + " instead of a SAML 2.0 Response ({" + SAMLConstants.SAML20P_NS + "}Response)."
                    + " Pass the SAMLResponse form field the identity provider posts to AWS");
        }
        // Before anything is read: only the part a signature covers may be (signature wrapping).
        SignedPart.Coverage coverage = SignedPart.check(root);
        XMLObject object = unmarshall(root);
        String signature = coverage.describe();
        if (!trusted.isEmpty()) {
            signature += "; " + SignatureCheck.verify(object, coverage, trusted);
        } else if (coverage != SignedPart.Coverage.NONE) {
            signature += "; not verified by Keyport (AWS verifies it; set keyport.assertion.idp-certificates to have"
                    + " Keyport verify it too)";
        }
        return new AssertionWalk(signature).read(object, original, quirks);
    }

    private static XMLObject unmarshall(Element root) {
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
        if (unmarshaller == null) {
            throw new KeyportException(ErrorCategory.INTERNAL,
                    "OpenSAML has no reader for SAML 2.0 " + root.getLocalName() + "; this is a Keyport bug");
        }
        try {
            return unmarshaller.unmarshall(root);
        } catch (Exception e) {
            // No cause attached: OpenSAML and Joda messages quote attribute values.
            throw invalid("The SAMLResponse is not a valid SAML 2.0 " + root.getLocalName() + ": an element or"
                    + " attribute has a malformed value (for example a timestamp that is not ISO-8601)");
        }
    }

    /** The error every refusal of the document ends in: the input is at fault, and the message says how. */
    static KeyportException invalid(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message);
    }

    /** A root element's name for a message, cut short: it comes from the document, which could be anything. */
    private static String describe(String ns, String local) {
        String name = local == null ? "?" : local;
        if (name.length() > 64) {
            name = name.substring(0, 64) + "...";
        }
        if (ns == null) {
            return "'" + name + "' (no namespace)";
        }
        String n = ns.length() > 80 ? ns.substring(0, 80) + "..." : ns;
        return "'" + name + "' in namespace '" + n + "'";
    }

    /** The value stripped, or empty when there is none or it is blank. */
    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
