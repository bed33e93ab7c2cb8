package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Makes sure Keyport reads the part of a SAMLResponse that a signature covers, and nothing else (the defence against
 * XML signature wrapping, where a forged assertion sits beside, before, after or around the signed one, or a signature
 * is moved to point at an element other than the one it sits in). Checked on the parsed document, before anything is
 * read from it:
 * <ul>
 *   <li>exactly one Assertion (or one EncryptedAssertion) in the whole document, and it is the root or a direct child
 *       of the root Response;</li>
 *   <li>no two elements share an ID (any attribute named ID, Id or id), so a reference names one element only;</li>
 *   <li>every Signature sits directly in the Response or in the Assertion, has exactly one Reference, and that
 *       Reference points (by ID) at the very element the Signature sits in: the enveloped form SAML uses.</li>
 * </ul>
 * Any other shape is refused, with a message that says what was found. The outcome says which part is signed; an
 * unsigned response is read, and reported as unsigned. Whether the signature is valid is for AWS to decide (or for
 * Keyport, when the IdP's certificate is configured); what this ensures is that what Keyport reads is what it covers.
 */
final class SignedPart {
    static final String SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    /** Which part of the response carries a signature that covers the assertion. */
    enum Coverage {
        /** The Response is signed (and so is everything in it, the assertion included). */
        RESPONSE,
        /** The Assertion is signed. */
        ASSERTION,
        /** Both are. */
        RESPONSE_AND_ASSERTION,
        /** Nothing is signed: AWS will refuse it, and nothing in it can be trusted. */
        NONE;

        /** Which part carries a signature (not whether it is valid: see {@link SignatureCheck}). */
        String describe() {
            return switch (this) {
                case RESPONSE -> "the Response is signed";
                case ASSERTION -> "the Assertion is signed";
                case RESPONSE_AND_ASSERTION -> "the Response and the Assertion are signed";
                case NONE -> "not signed: nothing in it can be trusted, and AWS refuses unsigned assertions";
            };
        }
    }

    private SignedPart() {
    }

    /**
     * @param root the document element (a Response or an Assertion)
     * @return which part the signatures cover
     * @throws KeyportException INVALID_INPUT for any shape but the one described above
     */
    static Coverage check(Element root) {
        List<Element> assertions = new ArrayList<>();
        List<Element> encrypted = new ArrayList<>();
        List<Element> signatures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        walk(root, assertions, encrypted, signatures, ids);

        int count = assertions.size() + encrypted.size();
        if (count > 1) {
            throw refused("The SAMLResponse holds " + count + " assertions, but an identity provider sends exactly one."
                    + " Keyport will not guess which one is genuine: an extra assertion is how signature-wrapping"
                    + " attacks smuggle in a role that no signature covers");
        }
        Element assertion = assertions.isEmpty() ? (encrypted.isEmpty() ? null : encrypted.get(0)) : assertions.get(0);
        if (assertion != null && assertion != root && assertion.getParentNode() != root) {
            throw refused("The SAMLResponse's assertion is not where SAML puts it (directly inside the Response) but"
                    + " inside " + describe((Element) assertion.getParentNode()) + ". Keyport refuses it: no signature"
                    + " of the Response covers an assertion hidden that way");
        }
        boolean responseSigned = false;
        boolean assertionSigned = false;
        for (Element signature : signatures) {
            Node parent = signature.getParentNode();
            boolean onRoot = parent == root;
            boolean onAssertion = assertion != null && parent == assertion;
            if (!onRoot && !onAssertion) {
                throw refused("The SAMLResponse has a signature inside " + describe((Element) parent) + ", where SAML"
                        + " never puts one. Keyport refuses it: a moved signature is how signature-wrapping attacks"
                        + " make a forged assertion look signed");
            }
            List<Element> references = children(signature, DSIG_NS, "SignedInfo").stream()
                    .flatMap(info -> children(info, DSIG_NS, "Reference").stream()).toList();
            String id = idOf((Element) parent);
            if (references.size() != 1 || id == null
                    || !("#" + id).equals(references.get(0).getAttribute("URI"))) {
                throw refused("A signature in the SAMLResponse does not point at the element it sits in (it must have"
                        + " one Reference whose URI is that element's ID). Keyport refuses it: Keyport reads only what"
                        + " a signature covers");
            }
            if (onRoot && root.getLocalName().equals("Response")) {
                responseSigned = true;
            } else {
                assertionSigned = true;
            }
        }
        if (responseSigned && assertionSigned) {
            return Coverage.RESPONSE_AND_ASSERTION;
        }
        return responseSigned ? Coverage.RESPONSE : assertionSigned ? Coverage.ASSERTION : Coverage.NONE;
    }

    private static void walk(Element element, List<Element> assertions, List<Element> encrypted,
                             List<Element> signatures, Set<String> ids) {
        String ns = element.getNamespaceURI();
        String local = element.getLocalName();
        if (SAML_NS.equals(ns) && "Assertion".equals(local)) {
            assertions.add(element);
        } else if (SAML_NS.equals(ns) && "EncryptedAssertion".equals(local)) {
            encrypted.add(element);
        } else if (DSIG_NS.equals(ns) && "Signature".equals(local)) {
            signatures.add(element);
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getName();
            if (name.toLowerCase(Locale.ROOT).equals("id") && !ids.add(attribute.getValue())) {
                throw refused("Two elements of the SAMLResponse share the ID '" + shortened(attribute.getValue())
                        + "'. Keyport refuses it: with duplicate IDs a signature's reference could be made to cover"
                        + " another element than the one Keyport reads");
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                walk(e, assertions, encrypted, signatures, ids);
            }
        }
    }

    /** The SAML ID of a Response or Assertion (attribute ID, no namespace). */
    private static String idOf(Element element) {
        String id = element.getAttributeNS(null, "ID");
        return id == null || id.isEmpty() ? null : id;
    }

    private static List<Element> children(Element parent, String ns, String local) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static String describe(Element element) {
        String local = element.getLocalName() == null ? element.getTagName() : element.getLocalName();
        return "a " + shortened(local) + " element";
    }

    /** IDs and names come from the document: shown shortened, and only as far as they are harmless characters. */
    private static String shortened(String value) {
        String safe = value.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }

    private static KeyportException refused(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message + ".");
    }
}
