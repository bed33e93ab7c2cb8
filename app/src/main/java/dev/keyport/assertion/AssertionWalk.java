package dev.keyport.assertion;

import dev.keyport.aws.Partition;
import org.joda.time.DateTime;
import org.opensaml.core.xml.XMLObject;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One pass over the unmarshalled objects, collecting what the assertion says: who issued it, for whom (destination,
 * recipient, audiences), how long it is valid, and the response status when there is no assertion. The AWS
 * attributes are left to an {@link AwsAttributeReader}, made once the issuer (and so the provider's quirks) is known.
 * Runs on an object {@link SignedPart} has already checked, so it reads only what a signature covers.
 */
final class AssertionWalk {
    private static final Pattern STANDARD_STATUS =
            Pattern.compile("urn:oasis:names:tc:SAML:2\\.0:status:[A-Za-z]{1,40}");

    private final String signature;
    private final List<String> notes = new ArrayList<>();
    private final Set<String> audiences = new LinkedHashSet<>();
    private Instant notBefore;
    private Instant notOnOrAfter;
    private Instant sessionNotOnOrAfter;
    private String recipient;

    /** @param signature how the response is signed, passed on to the reading as it is */
    AssertionWalk(String signature) {
        this.signature = signature;
    }

    SamlAssertionReading read(XMLObject object, String original, QuirksLookup lookup) {
        Response response = object instanceof Response r ? r : null;
        List<Assertion> assertions = response != null ? response.getAssertions() : List.of((Assertion) object);
        List<EncryptedAssertion> encryptedAssertions =
                response != null ? response.getEncryptedAssertions() : List.of();
        if (assertions.isEmpty() && encryptedAssertions.isEmpty()) {
            throw SamlResponseParser.invalid("The SAML Response holds no Assertion" + statusHint(response)
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
        AwsAttributeReader attributes =
                new AwsAttributeReader(ProviderQuirks.of(lookup.providerFor(issuer == null ? "" : issuer)), notes);
        for (Assertion a : assertions) {
            readAssertion(a, attributes);
        }
        attributes.reconcileAliases();
        Set<RolePair> pairs = attributes.pairs();
        if (encrypted) {
            notes.add("The assertion is encrypted (EncryptedAssertion): roles, validity and attributes cannot be"
                    + " read; configure the role and provider ARNs explicitly");
        } else if (pairs.isEmpty()) {
            notes.add("The assertion has no usable value in attribute " + AwsSamlAttributes.ROLE);
        }

        Optional<String> destination =
                response != null ? SamlResponseParser.nonBlank(response.getDestination()) : Optional.empty();
        Optional<String> recipientOpt = Optional.ofNullable(recipient);
        Optional<Partition.AcsEndpoint> acs = destination.flatMap(Partition::ofAcsUrl)
                .or(() -> recipientOpt.flatMap(Partition::ofAcsUrl));

        SamlAssertion assertion = new SamlAssertion(issuer == null ? "" : issuer, destination, recipientOpt,
                List.copyOf(audiences), Optional.ofNullable(notBefore), Optional.ofNullable(notOnOrAfter),
                Optional.ofNullable(attributes.roleSessionName()), attributes.sessionDuration(),
                Optional.ofNullable(sessionNotOnOrAfter), List.copyOf(pairs),
                pairs.isEmpty() ? List.copyOf(attributes.roleNotes()) : List.of(), encrypted, acs, original);
        return new SamlAssertionReading(assertion, notes, signature);
    }

    private void readAssertion(Assertion a, AwsAttributeReader attributes) {
        Subject subject = a.getSubject();
        if (subject != null) {
            for (SubjectConfirmation sc : subject.getSubjectConfirmations()) {
                SubjectConfirmationData data = sc.getSubjectConfirmationData();
                if (data == null) {
                    continue;
                }
                if (recipient == null) {
                    recipient = SamlResponseParser.nonBlank(data.getRecipient()).orElse(null);
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
                    SamlResponseParser.nonBlank(audience.getAudienceURI()).ifPresent(audiences::add);
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
                attributes.read(attribute);
            }
        }
    }

    /** Of several NotBefore bounds (subject, conditions, each assertion) the latest applies. */
    private void notBefore(DateTime t) {
        Instant i = instant(t);
        if (i != null && (notBefore == null || i.isAfter(notBefore))) {
            notBefore = i;
        }
    }

    /** Of several NotOnOrAfter bounds the earliest applies. */
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
        return issuer == null ? null : SamlResponseParser.nonBlank(issuer.getValue()).orElse(null);
    }

    /**
     * " (status Responder/AuthnFailed)" for a response without assertion, or "" when its status codes are not the
     * standard ones: only those are quoted, since anything else could carry data from the IdP.
     */
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
