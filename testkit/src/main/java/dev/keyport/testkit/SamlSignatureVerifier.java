package dev.keyport.testkit;

import static dev.keyport.testkit.SamlXml.children;
import static dev.keyport.testkit.StsEmulator.MSG_SIGNATURE_INVALID;
import static dev.keyport.testkit.StsEmulator.SAML_NS;
import static dev.keyport.testkit.StsEmulator.SAMLP_NS;

import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Verification of the SAML Response's XML signatures against the IdP key registered for the provider, with the JDK's
 * XMLDSig provider only, independently of Keyport's code and of OpenSAML. It requires an enveloped RSA signature of
 * the Response, of the Assertion or of both, each with one reference to its own element's ID and no transforms but
 * enveloped and canonicalization; duplicate IDs (signature wrapping) and anything else fail with
 * {@link StsEmulator#MSG_SIGNATURE_INVALID}.
 */
final class SamlSignatureVerifier {

    private SamlSignatureVerifier() {
    }

    /** Verifies the Response and/or Assertion enveloped signatures with the JDK's XMLDSig provider. */
    static void verify(Document doc, Element response, Element assertion, PublicKey key) throws StsError {
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            boolean samlElement = (SAMLP_NS.equals(e.getNamespaceURI()) && "Response".equals(e.getLocalName()))
                    || (SAML_NS.equals(e.getNamespaceURI()) && "Assertion".equals(e.getLocalName()));
            if (samlElement && e.hasAttribute("ID")) {
                if (!ids.add(e.getAttribute("ID"))) {
                    throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID); // duplicate IDs: wrapping
                }
                e.setIdAttributeNS(null, "ID", true);
            }
        }
        boolean responseSigned = verifyEnveloped(response, key);
        boolean assertionSigned = verifyEnveloped(assertion, key);
        if (!responseSigned && !assertionSigned) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
    }

    /** @return false when the element carries no signature; throws when it carries one that does not verify */
    private static boolean verifyEnveloped(Element signed, PublicKey key) throws StsError {
        List<Element> signatures = children(signed, XMLSignature.XMLNS, "Signature");
        if (signatures.isEmpty()) {
            return false;
        }
        if (signatures.size() > 1) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
        try {
            XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM", "XMLDSig"); // the JDK provider
            DOMValidateContext ctx = new DOMValidateContext(key, signatures.get(0));
            ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            ctx.setIdAttributeNS(signed, null, "ID");
            XMLSignature sig = f.unmarshalXMLSignature(ctx);
            String alg = sig.getSignedInfo().getSignatureMethod().getAlgorithm();
            boolean rsa = alg.equals(SignatureMethod.RSA_SHA256) || alg.equals(SignatureMethod.RSA_SHA512)
                    || alg.equals(SignatureMethod.RSA_SHA384) || alg.equals(SignatureMethod.RSA_SHA1);
            List<?> refs = sig.getSignedInfo().getReferences();
            if (!rsa || refs.size() != 1) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            Reference ref = (Reference) refs.get(0);
            if (!("#" + signed.getAttribute("ID")).equals(ref.getURI()) || signed.getAttribute("ID").isEmpty()) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            for (Object t : ref.getTransforms()) {
                String ta = ((Transform) t).getAlgorithm();
                if (!ta.equals(Transform.ENVELOPED) && !ta.equals(CanonicalizationMethod.EXCLUSIVE)
                        && !ta.equals(CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS)
                        && !ta.equals(CanonicalizationMethod.INCLUSIVE)) {
                    throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
                }
            }
            if (!sig.validate(ctx)) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            return true;
        } catch (StsError e) {
            throw e;
        } catch (Exception e) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
    }
}
