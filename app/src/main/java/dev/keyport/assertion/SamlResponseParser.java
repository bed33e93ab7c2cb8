package dev.keyport.assertion;

import dev.keyport.aws.Partition;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.joda.time.DateTime;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OpenSAML half of {@link SamlAssertionReader}: a hardened parser pool and the walk over the unmarshalled
 * Response. Created on the first read only (it initialises OpenSAML). Exception messages name elements and
 * attributes, never their content.
 */
final class SamlResponseParser {
    private static final Object LOCK = new Object();
    private static volatile SamlResponseParser instance;

    private static final Pattern STANDARD_STATUS =
            Pattern.compile("urn:oasis:names:tc:SAML:2\\.0:status:[A-Za-z]{1,40}");

    /** Deepest element nesting accepted (JDK parser limit, jdk.xml.maxElementDepth). */
    static final int MAX_DEPTH = 64;
    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private final BasicParserPool pool;

    private SamlResponseParser(BasicParserPool pool) {
        this.pool = pool;
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
                instance = new SamlResponseParser(hardenedPool());
            }
            return instance;
        }
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
     * Parses the decoded XML; {@code original} is kept as the assertion's samlResponse, {@code quirks} names the
     * provider whose assertion quirks apply once the issuer is known.
     */
    SamlAssertionReading parse(byte[] xml, String original, QuirksLookup quirks, List<X509Certificate> trusted) {
        Element root = parseXml(xml).getDocumentElement();
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
        return new Walk(signature).read(object, original, quirks);
    }

    private Document parseXml(byte[] xml) {
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
                throw invalid("The SAMLResponse nests its XML elements more than " + MAX_DEPTH + " levels deep; a SAML"
                        + " response needs about a dozen. Keyport refuses it");
            }
            if (doctype) {
                throw invalid("The SAMLResponse contains a DOCTYPE (DTD). SAML never uses one and it is how XML"
                        + " entity attacks start (XXE, billion laughs), so Keyport refuses it");
            }
            String where = sax != null && sax.getLineNumber() > 0
                    ? " (line " + sax.getLineNumber() + ", column " + sax.getColumnNumber() + ")"
                    : "";
            throw invalid("The SAMLResponse decodes from base64 but is not well-formed XML" + where
                    + ". Pass the SAMLResponse form field exactly as the identity provider posts it");
        }
    }

    private static boolean tooDeep(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("maxElementDepth") || m.contains("JAXP00010006"))) {
                return true;
            }
        }
        return false;
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

    static KeyportException invalid(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message);
    }

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

    /** One pass over the unmarshalled objects, collecting what the assertion says. */
    private static final class Walk {
        private final String signature;
        private final List<String> notes = new ArrayList<>();
        /** Why the assertion holds no usable role, when it holds none: the part of the notes a start error repeats. */
        private final Set<String> roleNotes = new LinkedHashSet<>();
        private final Set<RolePair> pairs = new LinkedHashSet<>();
        /** Values found under a provider's alias of an AWS attribute: AWS name → (alias name, raw values). */
        private final Map<String, Map.Entry<String, List<String>>> aliasValues = new LinkedHashMap<>();
        private ProviderQuirks quirks = ProviderQuirks.NONE;
        private final Set<String> audiences = new LinkedHashSet<>();
        private Instant notBefore;
        private Instant notOnOrAfter;
        private Instant sessionNotOnOrAfter;
        private String recipient;
        private String roleSessionName;
        private boolean sessionNameSeen;
        private OptionalInt sessionDuration = OptionalInt.empty();
        private boolean sessionDurationSeen;
        private int roleValueIndex;

        Walk(String signature) {
            this.signature = signature;
        }

        SamlAssertionReading read(XMLObject object, String original, QuirksLookup lookup) {
            Response response = object instanceof Response r ? r : null;
            List<Assertion> assertions = response != null ? response.getAssertions() : List.of((Assertion) object);
            List<EncryptedAssertion> encryptedAssertions =
                    response != null ? response.getEncryptedAssertions() : List.of();
            if (assertions.isEmpty() && encryptedAssertions.isEmpty()) {
                throw invalid("The SAML Response holds no Assertion" + statusHint(response)
                        + ". The identity provider did not log you in to AWS: check the login and the AWS app"
                        + " assignment, then try again");
            }
            boolean encrypted = assertions.isEmpty();

            String issuer = response != null ? issuerOf(response.getIssuer()) : null;
            for (Assertion a : assertions) {
                if (issuer == null) {
                    issuer = issuerOf(a.getIssuer());
                }
            }
            quirks = ProviderQuirks.of(lookup.providerFor(issuer == null ? "" : issuer));
            for (Assertion a : assertions) {
                readAssertion(a);
            }
            reconcileAliases();
            if (encrypted) {
                notes.add("The assertion is encrypted (EncryptedAssertion): roles, validity and attributes cannot be"
                        + " read; configure the role and provider ARNs explicitly");
            } else if (pairs.isEmpty()) {
                notes.add("The assertion has no usable value in attribute " + AwsSamlAttributes.ROLE);
            }

            Optional<String> destination = response != null ? nonBlank(response.getDestination()) : Optional.empty();
            Optional<String> recipientOpt = Optional.ofNullable(recipient);
            Optional<Partition.AcsEndpoint> acs = destination.flatMap(Partition::ofAcsUrl)
                    .or(() -> recipientOpt.flatMap(Partition::ofAcsUrl));

            SamlAssertion assertion = new SamlAssertion(issuer == null ? "" : issuer, destination, recipientOpt,
                    List.copyOf(audiences), Optional.ofNullable(notBefore), Optional.ofNullable(notOnOrAfter),
                    Optional.ofNullable(roleSessionName), sessionDuration, Optional.ofNullable(sessionNotOnOrAfter),
                    List.copyOf(pairs), pairs.isEmpty() ? List.copyOf(roleNotes) : List.of(), encrypted, acs, original);
            return new SamlAssertionReading(assertion, notes, signature);
        }

        private void readAssertion(Assertion a) {
            Subject subject = a.getSubject();
            if (subject != null) {
                for (SubjectConfirmation sc : subject.getSubjectConfirmations()) {
                    SubjectConfirmationData data = sc.getSubjectConfirmationData();
                    if (data == null) {
                        continue;
                    }
                    if (recipient == null) {
                        recipient = nonBlank(data.getRecipient()).orElse(null);
                    }
                    notBefore(data.getNotBefore());
                    notOnOrAfter(data.getNotOnOrAfter());
                }
            }
            Conditions conditions = a.getConditions();
            if (conditions != null) {
                notBefore(conditions.getNotBefore());
                notOnOrAfter(conditions.getNotOnOrAfter());
                for (AudienceRestriction restriction : conditions.getAudienceRestrictions()) {
                    for (Audience audience : restriction.getAudiences()) {
                        nonBlank(audience.getAudienceURI()).ifPresent(audiences::add);
                    }
                }
            }
            for (AuthnStatement statement : a.getAuthnStatements()) {
                Instant end = instant(statement.getSessionNotOnOrAfter());
                if (end != null && (sessionNotOnOrAfter == null || end.isBefore(sessionNotOnOrAfter))) {
                    sessionNotOnOrAfter = end;
                }
            }
            for (AttributeStatement statement : a.getAttributeStatements()) {
                for (Attribute attribute : statement.getAttributes()) {
                    readAttribute(attribute);
                }
            }
        }

        private void readAttribute(Attribute attribute) {
            String name = attribute.getName();
            String aliasOf = quirks.aliasTarget(name);
            if (aliasOf != null && !AwsSamlAttributes.ALL.contains(name)) {
                List<String> values = aliasValues.computeIfAbsent(aliasOf,
                        k -> Map.entry(name, new ArrayList<>())).getValue();
                for (XMLObject value : attribute.getAttributeValues()) {
                    nonBlank(text(value)).ifPresent(values::add);
                }
                return;
            }
            if (AwsSamlAttributes.ROLE.equals(name)) {
                for (XMLObject value : attribute.getAttributeValues()) {
                    roleValueIndex++;
                    String raw = text(value);
                    String normalised = quirks.normaliseRoleValue(raw);
                    if (quirks.isPlaceholderRoleValue(normalised)) {
                        String note = "Role value #" + roleValueIndex + " is " + quirks.name() + "'s placeholder for"
                                + " a user who has no AWS role; skipped";
                        notes.add(note);
                        roleNotes.add(quirks.name() + " sent its placeholder for a user without an AWS role:"
                                + " no AWS role is assigned to you there");
                        continue;
                    }
                    RoleValues.Outcome outcome = RoleValues.parse(normalised);
                    if (outcome.pair().isPresent()) {
                        if (!pairs.add(outcome.pair().get())) {
                            notes.add("Role value #" + roleValueIndex + " repeats an earlier pair; kept once");
                        }
                    } else {
                        String note = "Role value #" + roleValueIndex + " skipped: " + outcome.skipReason();
                        notes.add(note);
                        roleNotes.add(note);
                    }
                }
            } else if (AwsSamlAttributes.ROLE_SESSION_NAME.equals(name)) {
                for (XMLObject value : attribute.getAttributeValues()) {
                    Optional<String> text = nonBlank(text(value));
                    if (text.isPresent()) {
                        if (roleSessionName == null) {
                            roleSessionName = text.get();
                        } else if (!sessionNameSeen) {
                            sessionNameSeen = true;
                            notes.add("Several RoleSessionName values; the first one is used");
                        }
                    }
                }
            } else if (AwsSamlAttributes.SESSION_DURATION.equals(name)) {
                for (XMLObject value : attribute.getAttributeValues()) {
                    Optional<String> text = nonBlank(text(value));
                    if (text.isEmpty() || sessionDurationSeen) {
                        continue;
                    }
                    sessionDurationSeen = true;
                    try {
                        sessionDuration = OptionalInt.of(Integer.parseInt(text.get()));
                    } catch (NumberFormatException e) {
                        notes.add("SessionDuration is not a whole number of seconds; ignored");
                    }
                }
            }
        }

        /**
         * Compares what a provider sends under its aliases of AWS attributes with what it sends under the AWS names.
         * AWS reads only its own names, so alias values are never used: copies are expected (Azure AD repeats the
         * roles under its role claim), but data found only under an alias means the IdP names it wrongly.
         */
        private void reconcileAliases() {
            aliasValues.forEach((awsName, entry) -> {
                String alias = entry.getKey();
                List<String> values = entry.getValue();
                if (AwsSamlAttributes.ROLE.equals(awsName)) {
                    reconcileRoleAlias(alias, values);
                } else if (AwsSamlAttributes.ROLE_SESSION_NAME.equals(awsName) && roleSessionName == null
                        && !values.isEmpty()) {
                    notes.add(quirks.name() + " sends the session name under attribute " + alias + ", which AWS does"
                            + " not read; AWS needs it as " + awsName);
                } else if (AwsSamlAttributes.SESSION_DURATION.equals(awsName) && !sessionDurationSeen
                        && !values.isEmpty()) {
                    notes.add(quirks.name() + " sends the session duration under attribute " + alias + ", which AWS"
                            + " does not read; AWS reads it as " + awsName);
                }
            });
        }

        private void reconcileRoleAlias(String alias, List<String> values) {
            Set<RolePair> aliasPairs = new LinkedHashSet<>();
            for (String value : values) {
                String normalised = quirks.normaliseRoleValue(value);
                if (!quirks.isPlaceholderRoleValue(normalised)) {
                    // Values that are no role pair (the IdP's other app roles) are simply not AWS roles.
                    RoleValues.parse(normalised).pair().ifPresent(aliasPairs::add);
                }
            }
            if (aliasPairs.isEmpty()) {
                return;
            }
            if (pairs.isEmpty()) {
                String note = quirks.name() + " sends " + aliasPairs.size() + " role pair(s) only under attribute "
                        + alias + ", which AWS does not read: have its administrator send them as "
                        + AwsSamlAttributes.ROLE;
                notes.add(note);
                roleNotes.add(note);
                return;
            }
            long onlyThere = aliasPairs.stream().filter(p -> !pairs.contains(p)).count();
            if (onlyThere == 0) {
                notes.add("The " + aliasPairs.size() + " role pair(s) under attribute " + alias + " repeat the Role"
                        + " attribute (" + quirks.name() + " sends its roles twice); the copies are ignored");
            } else {
                notes.add(onlyThere + " role pair(s) under attribute " + alias + " are missing from the Role attribute;"
                        + " AWS reads only " + AwsSamlAttributes.ROLE + ", so they cannot be used");
            }
        }

        private void notBefore(DateTime t) {
            Instant i = instant(t);
            if (i != null && (notBefore == null || i.isAfter(notBefore))) {
                notBefore = i;
            }
        }

        private void notOnOrAfter(DateTime t) {
            Instant i = instant(t);
            if (i != null && (notOnOrAfter == null || i.isBefore(notOnOrAfter))) {
                notOnOrAfter = i;
            }
        }

        private static Instant instant(DateTime t) {
            return t == null ? null : Instant.ofEpochMilli(t.getMillis());
        }

        private static String issuerOf(Issuer issuer) {
            return issuer == null ? null : nonBlank(issuer.getValue()).orElse(null);
        }

        /** The text of an AttributeValue whatever its xsi:type (string, anyType, none...). */
        private static String text(XMLObject value) {
            if (value == null) {
                return null;
            }
            Element dom = value.getDOM();
            if (dom != null) {
                return dom.getTextContent();
            }
            if (value instanceof XSString s) {
                return s.getValue();
            }
            if (value instanceof XSAny any) {
                return any.getTextContent();
            }
            return null;
        }

        private static String statusHint(Response response) {
            if (response == null) {
                return "";
            }
            Status status = response.getStatus();
            StatusCode code = status == null ? null : status.getStatusCode();
            String value = code == null ? null : code.getValue();
            if (value == null || !STANDARD_STATUS.matcher(value.strip()).matches()) {
                return "";
            }
            String top = value.strip().substring("urn:oasis:names:tc:SAML:2.0:status:".length());
            StatusCode sub = code.getStatusCode();
            String subValue = sub == null ? null : sub.getValue();
            String detail = subValue != null && STANDARD_STATUS.matcher(subValue.strip()).matches()
                    ? "/" + subValue.strip().substring("urn:oasis:names:tc:SAML:2.0:status:".length())
                    : "";
            return " (status " + top + detail + ")";
        }
    }

    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
