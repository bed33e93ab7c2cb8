package dev.keyport.testkit;

import static dev.keyport.testkit.SamlResponseFactory.AZURE_ROLE_CLAIM;
import static dev.keyport.testkit.SamlResponseFactory.ROLE_ATTRIBUTE;
import static dev.keyport.testkit.SamlResponseFactory.ROLE_SESSION_NAME_ATTRIBUTE;
import static dev.keyport.testkit.SamlResponseFactory.SESSION_DURATION_ATTRIBUTE;
import static dev.keyport.testkit.SamlResponseFactory.SOURCE_IDENTITY_ATTRIBUTE;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.credential.BasicCredential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

import dev.keyport.testkit.SamlResponseFactory.SamlResponse;
import dev.keyport.testkit.SamlResponseFactory.ValueType;

/**
 * Turns one {@link SamlResponseOptions} into the XML of a signed (optionally encrypted) Response with OpenSAML:
 * builds Response and Assertion, puts the exact attribute texts back, signs inner before outer, serialises.
 * One instance per response; it only reads the factory's {@link IdpKeys}.
 */
final class SamlResponseWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final XMLObjectBuilderFactory bf = XMLObjectProviderRegistrySupport.getBuilderFactory();
    private final SamlResponseOptions<?> b;
    private final IdpKeys keys;
    // OpenSAML trims assigned strings: the exact texts are written into the DOM after marshalling
    private final List<Map.Entry<XMLObject, String>> raw = new ArrayList<>();

    private SamlResponseWriter(SamlResponseOptions<?> options, IdpKeys keys) {
        this.b = options;
        this.keys = keys;
    }

    static SamlResponse write(SamlResponseOptions<?> options, IdpKeys keys) {
        try {
            return new SamlResponseWriter(options, keys).response();
        } catch (Exception e) {
            throw new IllegalStateException("could not generate the SAML response: " + e, e);
        }
    }

    private SamlResponse response() throws Exception {
        Instant issued = b.issueInstant != null ? b.issueInstant : Instant.now();
        Instant notOnOrAfter = issued.plus(b.validity);
        String recipient = b.recipient != null ? b.recipient : b.destination;
        String responseId = randomId();
        String assertionId = randomId();

        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(responseId);
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(joda(issued));
        if (b.includeDestination) {
            response.setDestination(b.destination);
        }
        response.setIssuer(issuer());
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);

        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(assertionId);
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(joda(issued));
        assertion.setIssuer(issuer());
        assertion.setSubject(subject(notOnOrAfter, recipient));
        assertion.setConditions(conditions(issued, notOnOrAfter));
        assertion.getAuthnStatements().add(authnStatement(issued, assertionId));
        AttributeStatement as = attributeStatement();
        if (!as.getAttributes().isEmpty()) {
            assertion.getAttributeStatements().add(as);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SerializeSupport.writeNode(signedDom(response, assertion), out);
        byte[] bytes = out.toByteArray();
        String xml = new String(bytes, StandardCharsets.UTF_8);
        return new SamlResponse(Base64.getEncoder().encodeToString(bytes), xml, responseId, assertionId, issued,
                notOnOrAfter);
    }

    private Subject subject(Instant notOnOrAfter, String recipient) {
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(b.nameId);
        nameId.setFormat(b.nameIdFormat);
        subject.setNameID(nameId);
        SubjectConfirmation sc = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        sc.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData scd = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        scd.setNotOnOrAfter(joda(notOnOrAfter));
        scd.setRecipient(recipient);
        sc.setSubjectConfirmationData(scd);
        subject.getSubjectConfirmations().add(sc);
        return subject;
    }

    private Conditions conditions(Instant issued, Instant notOnOrAfter) {
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(joda(issued.minus(b.validity)));
        conditions.setNotOnOrAfter(joda(notOnOrAfter));
        if (!b.audiences.isEmpty()) {
            AudienceRestriction ar = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
            for (String a : b.audiences) {
                Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
                audience.setAudienceURI(a);
                ar.getAudiences().add(audience);
            }
            conditions.getAudienceRestrictions().add(ar);
        }
        return conditions;
    }

    private AuthnStatement authnStatement(Instant issued, String assertionId) {
        AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(joda(issued));
        authn.setSessionIndex(assertionId);
        if (b.sessionNotOnOrAfter != null) {
            authn.setSessionNotOnOrAfter(joda(b.sessionNotOnOrAfter));
        }
        AuthnContext ac = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        ref.setAuthnContextClassRef(AuthnContext.PPT_AUTHN_CTX);
        ac.setAuthnContextClassRef(ref);
        authn.setAuthnContext(ac);
        return authn;
    }

    /** The AWS attributes in a fixed order, then the Azure repeat, then the extra ones; possibly empty. */
    private AttributeStatement attributeStatement() {
        AttributeStatement as = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        List<String> roles = new ArrayList<>(b.roleValues);
        if (roles.isEmpty() && b.defaultPlaceholderWhenNoRoles) {
            roles.add("Default");
        }
        if (!roles.isEmpty()) {
            as.getAttributes().add(attribute(ROLE_ATTRIBUTE, b.roleAttributeNameFormat, roles));
        }
        if (b.roleSessionName != null) {
            as.getAttributes().add(attribute(ROLE_SESSION_NAME_ATTRIBUTE, b.otherAttributesNameFormat,
                    List.of(b.roleSessionName)));
        }
        if (b.sessionDuration != null) {
            as.getAttributes().add(attribute(SESSION_DURATION_ATTRIBUTE, b.otherAttributesNameFormat,
                    List.of(b.sessionDuration)));
        }
        if (b.sourceIdentity != null) {
            as.getAttributes().add(attribute(SOURCE_IDENTITY_ATTRIBUTE, b.otherAttributesNameFormat,
                    List.of(b.sourceIdentity)));
        }
        if (b.azureDuplicateRoleClaim && !roles.isEmpty()) {
            as.getAttributes().add(attribute(AZURE_ROLE_CLAIM, null, roles));
        }
        for (Map.Entry<String, List<String>> e : b.extraAttributes.entrySet()) {
            as.getAttributes().add(attribute(e.getKey(), b.otherAttributesNameFormat, e.getValue()));
        }
        return as;
    }

    /**
     * Marshals the Response around the assertion (or its encryption) and signs: a signature is computed over the DOM,
     * so the raw attribute texts go in first, and the assertion is signed before the Response whose digest covers it.
     */
    private Element signedDom(Response response, Assertion assertion) throws Exception {
        Signature assertionSignature = b.signAssertion ? newSignature(assertion) : null;
        Signature responseSignature = null;
        Element root;
        if (b.encryptAssertion) {
            // sign the assertion standalone, then encrypt it, then build and (maybe) sign the Response around it
            XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(assertion).marshall(assertion);
            raw.forEach(e -> e.getKey().getDOM().setTextContent(e.getValue()));
            if (assertionSignature != null) {
                Signer.signObject(assertionSignature);
            }
            response.getEncryptedAssertions().add(encrypt(assertion));
            if (b.signResponse) {
                responseSignature = newSignature(response);
            }
            root = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(response).marshall(response);
        } else {
            response.getAssertions().add(assertion);
            if (b.signResponse) {
                responseSignature = newSignature(response);
            }
            root = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(response).marshall(response);
            raw.forEach(e -> e.getKey().getDOM().setTextContent(e.getValue()));
            if (assertionSignature != null) {
                Signer.signObject(assertionSignature); // inner first: the Response digest covers it
            }
        }
        if (responseSignature != null) {
            Signer.signObject(responseSignature);
        }
        return root;
    }

    private Signature newSignature(SignableSAMLObject target) throws Exception {
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(keys.signingCredential());
        signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        signature.setKeyInfo(keys.keyInfoGenerator().generate(keys.signingCredential()));
        target.setSignature(signature);
        for (Object ref : signature.getContentReferences()) {
            if (ref instanceof SAMLObjectContentReference r) {
                r.setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
            }
        }
        return signature;
    }

    private EncryptedAssertion encrypt(Assertion assertion) throws Exception {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128);
        KeyEncryptionParameters kek = new KeyEncryptionParameters();
        kek.setEncryptionCredential(new BasicCredential(keys.encryptionKeyPair().getPublic()));
        kek.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Encrypter encrypter = new Encrypter(data, kek);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        return encrypter.encrypt(assertion);
    }

    private Issuer issuer() {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(b.issuer);
        if (b.issuerFormat != null) {
            issuer.setFormat(b.issuerFormat);
        }
        return issuer;
    }

    private Attribute attribute(String name, String nameFormat, List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        if (nameFormat != null) {
            attribute.setNameFormat(nameFormat);
        }
        for (String v : values) {
            XMLObject value = value(b.valueType, v);
            raw.add(Map.entry(value, v));
            attribute.getAttributeValues().add(value);
        }
        return attribute;
    }

    @SuppressWarnings("unchecked")
    private XMLObject value(ValueType type, String text) {
        switch (type) {
            case STRING: {
                XSString s = (XSString) bf.getBuilder(XSString.TYPE_NAME)
                        .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                s.setValue(text);
                return s;
            }
            case ANY_TYPE: {
                XSAny a = (XSAny) bf.getBuilder(XSAny.TYPE_NAME)
                        .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSAny.TYPE_NAME);
                a.setTextContent(text);
                return a;
            }
            default: {
                XSAny a = (XSAny) bf.getBuilder(XSAny.TYPE_NAME).buildObject(AttributeValue.DEFAULT_ELEMENT_NAME);
                a.setTextContent(text);
                return a;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T build(QName name) {
        return (T) bf.getBuilder(name).buildObject(name);
    }

    private static DateTime joda(Instant instant) {
        return new DateTime(instant.toEpochMilli(), DateTimeZone.UTC);
    }

    private static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "_" + HexFormat.of().formatHex(b); // an NCName: must not start with a digit
    }
}
