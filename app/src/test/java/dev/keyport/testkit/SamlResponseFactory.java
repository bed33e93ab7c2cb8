package dev.keyport.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SAMLVersion;
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
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.KeyInfoGenerator;
import org.opensaml.xmlsec.keyinfo.impl.BasicKeyInfoGeneratorFactory;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * Generates AWS-shaped SAML 2.0 Responses during a test, signed with an RSA-2048 key made in-process (once per factory).
 * Never commit the output: assertions expire five minutes after issue.
 *
 * <pre>
 * SamlResponseFactory idp = new SamlResponseFactory();
 * SamlResponseFactory.SamlResponse r = idp.okta().rolePair(ROLE, PROVIDER).roleSessionName("alice").build();
 * emulator.registerProvider(PROVIDER, idp.publicKey());
 * </pre>
 *
 * A factory is thread-safe; a {@link Builder} is not (use one per response).
 */
public final class SamlResponseFactory {

    public static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    public static final String ROLE_SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    public static final String SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
    public static final String SOURCE_IDENTITY_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
    /** Azure AD repeats the Role values under this claim. */
    public static final String AZURE_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    public static final String ACS_AWS = "https://signin.aws.amazon.com/saml";
    public static final String ACS_GOVCLOUD = "https://signin.amazonaws-us-gov.com/saml";
    public static final String ACS_CHINA = "https://signin.amazonaws.cn/saml";
    public static final String AUDIENCE_AWS = ACS_AWS;
    public static final String AUDIENCE_URN = "urn:amazon:webservices";

    public static final String NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public static final String NAMEID_UNSPECIFIED_20 = "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified";
    public static final String NAMEID_UNSPECIFIED_11 = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    public static final String NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    public static final String NAMEID_ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

    /** Regional sign-in endpoint, e.g. {@code https://eu-west-1.signin.aws.amazon.com/saml}. */
    public static String regionalAcs(String region) {
        return "https://" + region + ".signin.aws.amazon.com/saml";
    }

    /** Order in which {@link Builder#rolePair(String, String)} writes a pair. */
    public enum PairOrder { ROLE_FIRST, PROVIDER_FIRST }

    /** xsi:type of the AttributeValues: xs:string (Okta/Azure), xs:anyType (Google), or none. */
    public enum ValueType { STRING, ANY_TYPE, NONE }

    private static final Object INIT_LOCK = new Object();
    private static volatile boolean initialized;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Calls {@link InitializationService#initialize()} once per JVM; safe from any thread. */
    public static void initOpenSaml() {
        if (initialized) {
            return;
        }
        synchronized (INIT_LOCK) {
            if (!initialized) {
                try {
                    InitializationService.initialize();
                } catch (Exception e) {
                    throw new IllegalStateException("OpenSAML initialisation failed", e);
                }
                initialized = true;
            }
        }
    }

    private final KeyPair signingKeys;
    private final X509Certificate certificate; // null when BouncyCastle is not on the classpath
    private final Credential signingCredential;
    private volatile KeyPair encryptionKeys;

    /** Generates a fresh RSA-2048 signing key pair and a self-signed certificate for it. */
    public SamlResponseFactory() {
        initOpenSaml();
        this.signingKeys = rsaKeyPair();
        X509Certificate cert;
        try {
            cert = SelfSigned.certificate(signingKeys, "CN=Keyport Testkit IdP, O=Keyport Testkit");
        } catch (LinkageError | Exception e) {
            cert = null; // BouncyCastle missing: sign with a bare key (KeyValue in KeyInfo)
        }
        this.certificate = cert;
        this.signingCredential = cert != null
                ? new BasicX509Credential(cert, signingKeys.getPrivate())
                : new BasicCredential(signingKeys.getPublic(), signingKeys.getPrivate());
    }

    public PublicKey publicKey() {
        return signingKeys.getPublic();
    }

    /** Self-signed certificate of the signing key, or null when it could not be made (no BouncyCastle). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** PEM of {@link #certificate()}, e.g. for xmlsec1 --pubkey-cert-pem or IdP metadata; null when none. */
    public String certificatePem() {
        if (certificate == null) {
            return null;
        }
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenSAML credential holding the signing key pair (and certificate), e.g. for SignatureValidator. */
    public Credential signingCredential() {
        return signingCredential;
    }

    /** Key pair whose public half encrypts assertions (generated on first use); its private key decrypts them. */
    public KeyPair encryptionKeyPair() {
        KeyPair k = encryptionKeys;
        if (k == null) {
            synchronized (this) {
                k = encryptionKeys;
                if (k == null) {
                    k = rsaKeyPair();
                    encryptionKeys = k;
                }
            }
        }
        return k;
    }

    public PrivateKey encryptionPrivateKey() {
        return encryptionKeyPair().getPrivate();
    }

    /** Generic IdP: role,provider order, audience https://signin.aws.amazon.com/saml, assertion signed. */
    public Builder response() {
        return new Builder(this);
    }

    /** Okta: http://www.okta.com/... issuer (entity format), urn:amazon:webservices, provider,role, Response and Assertion signed. */
    public Builder okta() {
        return new Builder(this)
                .issuer("http://www.okta.com/exk1testkitokta0h8")
                .issuerFormat(NAMEID_ENTITY)
                .audience(AUDIENCE_URN)
                .pairOrder(PairOrder.PROVIDER_FIRST)
                .nameId("alice@example.com", NAMEID_UNSPECIFIED_20)
                .roleAttributeNameFormat(Attribute.URI_REFERENCE)
                .otherAttributesNameFormat(Attribute.BASIC)
                .valueType(ValueType.STRING)
                .sessionDuration(3600)
                .signResponse(true)
                .signAssertion(true);
    }

    /** Google Workspace: accounts.google.com issuer, role,provider, xs:anyType values, SessionDuration 28800, assertion signed. */
    public Builder google() {
        return new Builder(this)
                .issuer("https://accounts.google.com/o/saml2?idpid=C0tstk1t")
                .audience(AUDIENCE_AWS)
                .pairOrder(PairOrder.ROLE_FIRST)
                .nameId("alice@example.com", NAMEID_UNSPECIFIED_11)
                .valueType(ValueType.ANY_TYPE)
                .sessionDuration(28800)
                .signResponse(false)
                .signAssertion(true);
    }

    /** Azure AD / Entra ID: sts.windows.net issuer, role,provider, Role values repeated under the MS role claim, no SessionDuration. */
    public Builder azure() {
        return new Builder(this)
                .issuer("https://sts.windows.net/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/")
                .audience(AUDIENCE_AWS)
                .pairOrder(PairOrder.ROLE_FIRST)
                .nameId("alice@example.com", NAMEID_EMAIL)
                .valueType(ValueType.STRING)
                .azureDuplicateRoleClaim(true)
                .noSessionDuration()
                .signResponse(false)
                .signAssertion(true);
    }

    /** OneLogin: app.onelogin.com issuer, role,provider; a single "Default" Role value when no role was added. */
    public Builder onelogin() {
        return new Builder(this)
                .issuer("https://app.onelogin.com/saml/metadata/1a2b3c4d-0000-4000-8000-testkit00001")
                .audience(AUDIENCE_AWS)
                .pairOrder(PairOrder.ROLE_FIRST)
                .nameId("alice@example.com", NAMEID_EMAIL)
                .valueType(ValueType.STRING)
                .defaultPlaceholderWhenNoRoles(true)
                .signResponse(false)
                .signAssertion(true);
    }

    /** A generated Response: {@link #base64()} is exactly what an IdP posts as SAMLResponse. */
    public record SamlResponse(String base64, String xml, String responseId, String assertionId,
                               Instant issueInstant, Instant notOnOrAfter) {
        /** The same response with its XML edited (e.g. to break the signature); IDs and times are kept. */
        public SamlResponse tamper(UnaryOperator<String> edit) {
            String changed = edit.apply(xml);
            return new SamlResponse(Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)),
                    changed, responseId, assertionId, issueInstant, notOnOrAfter);
        }

        /** Decoded UTF-8 bytes of {@link #base64()}. */
        public byte[] xmlBytes() {
            return Base64.getDecoder().decode(base64);
        }

        @Override
        public String toString() {
            return "SamlResponse[responseId=" + responseId + ", assertionId=" + assertionId + ", issueInstant="
                    + issueInstant + ", " + base64.length() + " base64 chars]";
        }
    }

    /** Fluent options of one Response. Defaults: see {@link SamlResponseFactory#response()}. */
    public static final class Builder {
        private final SamlResponseFactory factory;
        private String issuer = "https://idp.keyport.test/saml/metadata";
        private String issuerFormat;
        private String nameId = "alice@example.com";
        private String nameIdFormat = NAMEID_PERSISTENT;
        private PairOrder pairOrder = PairOrder.ROLE_FIRST;
        private final List<String> roleValues = new ArrayList<>();
        private boolean defaultPlaceholderWhenNoRoles;
        private boolean azureDuplicateRoleClaim;
        private String roleSessionName = "alice@example.com";
        private String sessionDuration = "3600";
        private String sourceIdentity;
        private Instant sessionNotOnOrAfter;
        private String destination = ACS_AWS;
        private String recipient; // null: same as destination
        private boolean includeDestination = true;
        private final List<String> audiences = new ArrayList<>(List.of(AUDIENCE_AWS));
        private Instant issueInstant; // null: now
        private Duration validity = Duration.ofMinutes(5);
        private boolean signResponse;
        private boolean signAssertion = true;
        private boolean encryptAssertion;
        private ValueType valueType = ValueType.STRING;
        private String roleAttributeNameFormat = Attribute.URI_REFERENCE;
        private String otherAttributesNameFormat = Attribute.URI_REFERENCE;
        private final Map<String, List<String>> extraAttributes = new LinkedHashMap<>();

        private Builder(SamlResponseFactory factory) {
            this.factory = factory;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Format attribute of the Issuer elements (Okta: entity); null for none. */
        public Builder issuerFormat(String format) {
            this.issuerFormat = format;
            return this;
        }

        public Builder nameId(String value, String format) {
            this.nameId = value;
            this.nameIdFormat = format;
            return this;
        }

        public Builder pairOrder(PairOrder order) {
            this.pairOrder = Objects.requireNonNull(order);
            return this;
        }

        /** Adds one Role value "role,provider" or "provider,role" following {@link #pairOrder(PairOrder)}. */
        public Builder rolePair(String roleArn, String providerArn) {
            roleValues.add(pairOrder == PairOrder.ROLE_FIRST ? roleArn + "," + providerArn : providerArn + "," + roleArn);
            return this;
        }

        /** Adds Role AttributeValues verbatim (order, padding, trailing commas, several pairs, "Default"...). */
        public Builder roleValue(String... rawValues) {
            roleValues.addAll(List.of(rawValues));
            return this;
        }

        public Builder clearRoles() {
            roleValues.clear();
            return this;
        }

        /** Adds the OneLogin "Default" placeholder value. */
        public Builder defaultRolePlaceholder() {
            roleValues.add("Default");
            return this;
        }

        /** When set and no Role value was added, the Role attribute carries "Default" (OneLogin, user without role). */
        public Builder defaultPlaceholderWhenNoRoles(boolean on) {
            this.defaultPlaceholderWhenNoRoles = on;
            return this;
        }

        /** Repeats every Role value under {@link #AZURE_ROLE_CLAIM}. */
        public Builder azureDuplicateRoleClaim(boolean on) {
            this.azureDuplicateRoleClaim = on;
            return this;
        }

        public Builder roleSessionName(String name) {
            this.roleSessionName = Objects.requireNonNull(name);
            return this;
        }

        public Builder noRoleSessionName() {
            this.roleSessionName = null;
            return this;
        }

        public Builder sessionDuration(int seconds) {
            this.sessionDuration = Integer.toString(seconds);
            return this;
        }

        /** SessionDuration attribute value verbatim (e.g. " 7200 " or "abc"). */
        public Builder sessionDurationRaw(String value) {
            this.sessionDuration = Objects.requireNonNull(value);
            return this;
        }

        public Builder noSessionDuration() {
            this.sessionDuration = null;
            return this;
        }

        public Builder sourceIdentity(String value) {
            this.sourceIdentity = value;
            return this;
        }

        /** AuthnStatement/@SessionNotOnOrAfter; null for none (the default). */
        public Builder sessionNotOnOrAfter(Instant instant) {
            this.sessionNotOnOrAfter = instant;
            return this;
        }

        /** Response/@Destination and (unless {@link #recipient(String)} is set) SubjectConfirmationData/@Recipient. */
        public Builder destination(String acsUrl) {
            this.destination = Objects.requireNonNull(acsUrl);
            return this;
        }

        public Builder recipient(String acsUrl) {
            this.recipient = acsUrl;
            return this;
        }

        /** Leaves Response/@Destination out (Recipient stays). */
        public Builder noDestinationAttribute() {
            this.includeDestination = false;
            return this;
        }

        /** Replaces the audiences by one. */
        public Builder audience(String audience) {
            audiences.clear();
            audiences.add(audience);
            return this;
        }

        /** Replaces the audiences (none: no AudienceRestriction at all). */
        public Builder audiences(String... values) {
            audiences.clear();
            audiences.addAll(List.of(values));
            return this;
        }

        /** IssueInstant of Response and Assertion; validity windows are relative to it. Default: now. */
        public Builder issueInstant(Instant instant) {
            this.issueInstant = instant;
            return this;
        }

        /** Conditions NotBefore = issue - validity, NotOnOrAfter = issue + validity; SubjectConfirmationData NotOnOrAfter = issue + validity. */
        public Builder validity(Duration validity) {
            this.validity = Objects.requireNonNull(validity);
            return this;
        }

        public Builder signResponse(boolean on) {
            this.signResponse = on;
            return this;
        }

        public Builder signAssertion(boolean on) {
            this.signAssertion = on;
            return this;
        }

        /** EncryptedAssertion (RSA-OAEP + AES-128-CBC) to {@link SamlResponseFactory#encryptionKeyPair()}. */
        public Builder encryptAssertion(boolean on) {
            this.encryptAssertion = on;
            return this;
        }

        public Builder valueType(ValueType type) {
            this.valueType = Objects.requireNonNull(type);
            return this;
        }

        public Builder roleAttributeNameFormat(String nameFormat) {
            this.roleAttributeNameFormat = nameFormat;
            return this;
        }

        public Builder otherAttributesNameFormat(String nameFormat) {
            this.otherAttributesNameFormat = nameFormat;
            return this;
        }

        /** Any further attribute (e.g. PrincipalTag:*, Azure claims); values verbatim. */
        public Builder attribute(String name, String... values) {
            extraAttributes.put(name, List.of(values));
            return this;
        }

        public SamlResponse build() {
            return factory.generate(this);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private SamlResponse generate(Builder b) {
        try {
            XMLObjectBuilderFactory bf = XMLObjectProviderRegistrySupport.getBuilderFactory();
            Instant issued = b.issueInstant != null ? b.issueInstant : Instant.now();
            Instant notOnOrAfter = issued.plus(b.validity);
            String recipient = b.recipient != null ? b.recipient : b.destination;
            String responseId = randomId();
            String assertionId = randomId();

            Response response = build(bf, Response.DEFAULT_ELEMENT_NAME);
            response.setID(responseId);
            response.setVersion(SAMLVersion.VERSION_20);
            response.setIssueInstant(joda(issued));
            if (b.includeDestination) {
                response.setDestination(b.destination);
            }
            response.setIssuer(issuer(bf, b));
            Status status = build(bf, Status.DEFAULT_ELEMENT_NAME);
            StatusCode code = build(bf, StatusCode.DEFAULT_ELEMENT_NAME);
            code.setValue(StatusCode.SUCCESS);
            status.setStatusCode(code);
            response.setStatus(status);

            Assertion assertion = build(bf, Assertion.DEFAULT_ELEMENT_NAME);
            assertion.setID(assertionId);
            assertion.setVersion(SAMLVersion.VERSION_20);
            assertion.setIssueInstant(joda(issued));
            assertion.setIssuer(issuer(bf, b));

            Subject subject = build(bf, Subject.DEFAULT_ELEMENT_NAME);
            NameID nameId = build(bf, NameID.DEFAULT_ELEMENT_NAME);
            nameId.setValue(b.nameId);
            nameId.setFormat(b.nameIdFormat);
            subject.setNameID(nameId);
            SubjectConfirmation sc = build(bf, SubjectConfirmation.DEFAULT_ELEMENT_NAME);
            sc.setMethod(SubjectConfirmation.METHOD_BEARER);
            SubjectConfirmationData scd = build(bf, SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
            scd.setNotOnOrAfter(joda(notOnOrAfter));
            scd.setRecipient(recipient);
            sc.setSubjectConfirmationData(scd);
            subject.getSubjectConfirmations().add(sc);
            assertion.setSubject(subject);

            Conditions conditions = build(bf, Conditions.DEFAULT_ELEMENT_NAME);
            conditions.setNotBefore(joda(issued.minus(b.validity)));
            conditions.setNotOnOrAfter(joda(notOnOrAfter));
            if (!b.audiences.isEmpty()) {
                AudienceRestriction ar = build(bf, AudienceRestriction.DEFAULT_ELEMENT_NAME);
                for (String a : b.audiences) {
                    Audience audience = build(bf, Audience.DEFAULT_ELEMENT_NAME);
                    audience.setAudienceURI(a);
                    ar.getAudiences().add(audience);
                }
                conditions.getAudienceRestrictions().add(ar);
            }
            assertion.setConditions(conditions);

            AuthnStatement authn = build(bf, AuthnStatement.DEFAULT_ELEMENT_NAME);
            authn.setAuthnInstant(joda(issued));
            authn.setSessionIndex(assertionId);
            if (b.sessionNotOnOrAfter != null) {
                authn.setSessionNotOnOrAfter(joda(b.sessionNotOnOrAfter));
            }
            AuthnContext ac = build(bf, AuthnContext.DEFAULT_ELEMENT_NAME);
            AuthnContextClassRef ref = build(bf, AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
            ref.setAuthnContextClassRef(AuthnContext.PPT_AUTHN_CTX);
            ac.setAuthnContextClassRef(ref);
            authn.setAuthnContext(ac);
            assertion.getAuthnStatements().add(authn);

            AttributeStatement as = build(bf, AttributeStatement.DEFAULT_ELEMENT_NAME);
            // OpenSAML trims assigned strings: the exact texts are written into the DOM after marshalling
            List<Map.Entry<XMLObject, String>> raw = new ArrayList<>();
            List<String> roles = new ArrayList<>(b.roleValues);
            if (roles.isEmpty() && b.defaultPlaceholderWhenNoRoles) {
                roles.add("Default");
            }
            if (!roles.isEmpty()) {
                as.getAttributes().add(attribute(bf, b, raw, ROLE_ATTRIBUTE, b.roleAttributeNameFormat, roles));
            }
            if (b.roleSessionName != null) {
                as.getAttributes().add(attribute(bf, b, raw, ROLE_SESSION_NAME_ATTRIBUTE, b.otherAttributesNameFormat,
                        List.of(b.roleSessionName)));
            }
            if (b.sessionDuration != null) {
                as.getAttributes().add(attribute(bf, b, raw, SESSION_DURATION_ATTRIBUTE, b.otherAttributesNameFormat,
                        List.of(b.sessionDuration)));
            }
            if (b.sourceIdentity != null) {
                as.getAttributes().add(attribute(bf, b, raw, SOURCE_IDENTITY_ATTRIBUTE, b.otherAttributesNameFormat,
                        List.of(b.sourceIdentity)));
            }
            if (b.azureDuplicateRoleClaim && !roles.isEmpty()) {
                as.getAttributes().add(attribute(bf, b, raw, AZURE_ROLE_CLAIM, null, roles));
            }
            for (Map.Entry<String, List<String>> e : b.extraAttributes.entrySet()) {
                as.getAttributes().add(attribute(bf, b, raw, e.getKey(), b.otherAttributesNameFormat, e.getValue()));
            }
            if (!as.getAttributes().isEmpty()) {
                assertion.getAttributeStatements().add(as);
            }

            Signature assertionSignature = b.signAssertion ? newSignature(bf, assertion) : null;
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
                    responseSignature = newSignature(bf, response);
                }
                root = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(response).marshall(response);
            } else {
                response.getAssertions().add(assertion);
                if (b.signResponse) {
                    responseSignature = newSignature(bf, response);
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

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SerializeSupport.writeNode(root, out);
            byte[] bytes = out.toByteArray();
            String xml = new String(bytes, StandardCharsets.UTF_8);
            return new SamlResponse(Base64.getEncoder().encodeToString(bytes), xml, responseId, assertionId, issued,
                    notOnOrAfter);
        } catch (Exception e) {
            throw new IllegalStateException("could not generate the SAML response: " + e, e);
        }
    }

    private Signature newSignature(XMLObjectBuilderFactory bf, org.opensaml.saml.common.SignableSAMLObject target)
            throws Exception {
        Signature signature = build(bf, Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(signingCredential);
        signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        signature.setKeyInfo(keyInfoGenerator().generate(signingCredential));
        target.setSignature(signature);
        for (Object ref : signature.getContentReferences()) {
            if (ref instanceof SAMLObjectContentReference r) {
                r.setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
            }
        }
        return signature;
    }

    private KeyInfoGenerator keyInfoGenerator() {
        if (certificate != null) {
            X509KeyInfoGeneratorFactory f = new X509KeyInfoGeneratorFactory();
            f.setEmitEntityCertificate(true);
            return f.newInstance();
        }
        BasicKeyInfoGeneratorFactory f = new BasicKeyInfoGeneratorFactory();
        f.setEmitPublicKeyValue(true);
        return f.newInstance();
    }

    private EncryptedAssertion encrypt(Assertion assertion) throws Exception {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128);
        KeyEncryptionParameters kek = new KeyEncryptionParameters();
        kek.setEncryptionCredential(new BasicCredential(encryptionKeyPair().getPublic()));
        kek.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Encrypter encrypter = new Encrypter(data, kek);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        return encrypter.encrypt(assertion);
    }

    private static Issuer issuer(XMLObjectBuilderFactory bf, Builder b) {
        Issuer issuer = build(bf, Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(b.issuer);
        if (b.issuerFormat != null) {
            issuer.setFormat(b.issuerFormat);
        }
        return issuer;
    }

    private static Attribute attribute(XMLObjectBuilderFactory bf, Builder b, List<Map.Entry<XMLObject, String>> raw,
                                       String name, String nameFormat, List<String> values) {
        Attribute attribute = build(bf, Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        if (nameFormat != null) {
            attribute.setNameFormat(nameFormat);
        }
        for (String v : values) {
            XMLObject value = value(bf, b.valueType, v);
            raw.add(Map.entry(value, v));
            attribute.getAttributeValues().add(value);
        }
        return attribute;
    }

    @SuppressWarnings("unchecked")
    private static XMLObject value(XMLObjectBuilderFactory bf, ValueType type, String text) {
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
    private static <T> T build(XMLObjectBuilderFactory bf, QName name) {
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

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Self-signed X.509 v3 certificate with BouncyCastle's ASN.1 classes (bcprov, via OpenSAML's cryptacular). */
    private static final class SelfSigned {
        static X509Certificate certificate(KeyPair keys, String dn) throws Exception {
            org.bouncycastle.asn1.x509.AlgorithmIdentifier alg = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    org.bouncycastle.asn1.DERNull.INSTANCE);
            org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name(dn);
            org.bouncycastle.asn1.x509.V3TBSCertificateGenerator g = new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
            g.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)));
            g.setIssuer(name);
            g.setSubject(name);
            long now = System.currentTimeMillis();
            g.setStartDate(new org.bouncycastle.asn1.x509.Time(new Date(now - 86_400_000L)));
            g.setEndDate(new org.bouncycastle.asn1.x509.Time(new Date(now + 365L * 86_400_000L)));
            g.setSubjectPublicKeyInfo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            g.setSignature(alg);
            org.bouncycastle.asn1.x509.TBSCertificate tbs = g.generateTBSCertificate();
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(tbs.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
            org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
            v.add(tbs);
            v.add(alg);
            v.add(new org.bouncycastle.asn1.DERBitString(s.sign()));
            byte[] der = new org.bouncycastle.asn1.DERSequence(v).getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        }
    }
}
