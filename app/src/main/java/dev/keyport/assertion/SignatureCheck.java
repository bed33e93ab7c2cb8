package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a response's signatures with the IdP certificates the user configured
 * ({@code keyport.assertion.idp-certificates}). Runs after {@link SignedPart} has made sure the signatures sit where
 * SAML puts them and cover what Keyport reads; every signature present must verify with one of the certificates.
 */
final class SignatureCheck {
    private SignatureCheck() {
    }

    /**
     * @return how the signatures verified ("verified with the certificate of CN=...")
     * @throws KeyportException INVALID_INPUT when the response is unsigned or a signature does not verify
     */
    static String verify(XMLObject root, SignedPart.Coverage coverage, List<X509Certificate> trusted) {
        if (coverage == SignedPart.Coverage.NONE) {
            throw refused("The SAMLResponse is not signed, but keyport.assertion.idp-certificates requires a signature"
                    + " from your identity provider");
        }
        List<Signature> signatures = new ArrayList<>();
        if (root instanceof Response response) {
            if (response.getSignature() != null) {
                signatures.add(response.getSignature());
            }
            response.getAssertions().stream().map(Assertion::getSignature).filter(s -> s != null)
                    .forEach(signatures::add);
        } else if (root instanceof Assertion assertion && assertion.getSignature() != null) {
            signatures.add(assertion.getSignature());
        }
        String verifiedBy = null;
        for (Signature signature : signatures) {
            verifiedBy = verifyOne(signature, trusted);
        }
        return "verified with the certificate of " + verifiedBy;
    }

    private static String verifyOne(Signature signature, List<X509Certificate> trusted) {
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw refused("A signature in the SAMLResponse does not follow the SAML signature profile");
        }
        for (X509Certificate certificate : trusted) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                return certificate.getSubjectX500Principal().getName();
            } catch (SignatureException e) {
                // not this one: try the next certificate
            }
        }
        throw refused("The SAMLResponse's signature does not verify with any certificate in"
                + " keyport.assertion.idp-certificates: it was changed after signing, or another key signed it."
                + " Keyport refuses it");
    }

    private static KeyportException refused(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message + ".");
    }
}
