package dev.keyport.testkit;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;

import org.opensaml.core.config.InitializationService;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.security.credential.Credential;

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
 *
 * <p>This class is the entry point and owns the AWS names, the IdP presets and the result type; the options of one
 * response are in {@link SamlResponseOptions}, the OpenSAML building and signing in {@code SamlResponseWriter}, the
 * keys in {@code IdpKeys}. For unsigned documents that copy each IdP's exact bytes (parser tests), see
 * {@link SamlFixtures}.
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

    private final IdpKeys keys;

    /** Generates a fresh RSA-2048 signing key pair and a self-signed certificate for it. */
    public SamlResponseFactory() {
        initOpenSaml();
        this.keys = new IdpKeys();
    }

    public PublicKey publicKey() {
        return keys.publicKey();
    }

    /** Self-signed certificate of the signing key, or null when it could not be made (no BouncyCastle). */
    public X509Certificate certificate() {
        return keys.certificate();
    }

    /** PEM of {@link #certificate()}, e.g. for xmlsec1 --pubkey-cert-pem or IdP metadata; null when none. */
    public String certificatePem() {
        return keys.certificatePem();
    }

    /** OpenSAML credential holding the signing key pair (and certificate), e.g. for SignatureValidator. */
    public Credential signingCredential() {
        return keys.signingCredential();
    }

    /** Key pair whose public half encrypts assertions (generated on first use); its private key decrypts them. */
    public KeyPair encryptionKeyPair() {
        return keys.encryptionKeyPair();
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

    /**
     * What an IdP posts as SAMLResponse for this document: base64 of its UTF-8 bytes, on one line. Shared by
     * {@link SamlResponse#tamper} and {@link SamlFixtures}, so that both generators encode alike.
     */
    public static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A generated Response: {@link #base64()} is exactly what an IdP posts as SAMLResponse. */
    public record SamlResponse(String base64, String xml, String responseId, String assertionId,
                               Instant issueInstant, Instant notOnOrAfter) {
        /** The same response with its XML edited (e.g. to break the signature); IDs and times are kept. */
        public SamlResponse tamper(UnaryOperator<String> edit) {
            String changed = edit.apply(xml);
            return new SamlResponse(SamlResponseFactory.base64(changed), changed, responseId, assertionId,
                    issueInstant, notOnOrAfter);
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

    /** Fluent options of one Response (all setters: {@link SamlResponseOptions}). Defaults: see {@link #response()}. */
    public static final class Builder extends SamlResponseOptions<Builder> {
        private final SamlResponseFactory factory;

        private Builder(SamlResponseFactory factory) {
            this.factory = factory;
        }

        @Override
        Builder self() {
            return this;
        }

        public SamlResponse build() {
            return SamlResponseWriter.write(this, factory.keys);
        }
    }
}
