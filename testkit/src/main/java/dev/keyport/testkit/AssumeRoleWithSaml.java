package dev.keyport.testkit;

import static dev.keyport.testkit.CredentialIssuer.ROLE_ARN;
import static dev.keyport.testkit.CredentialIssuer.SESSION_NAME;
import static dev.keyport.testkit.SamlXml.attributes;
import static dev.keyport.testkit.SamlXml.children;
import static dev.keyport.testkit.SamlXml.first;
import static dev.keyport.testkit.SamlXml.instant;
import static dev.keyport.testkit.SamlXml.text;
import static dev.keyport.testkit.StsEmulator.DEFAULT_DURATION;
import static dev.keyport.testkit.StsEmulator.DEFAULT_MAX_SESSION_DURATION;
import static dev.keyport.testkit.StsEmulator.MSG_ARN_INVALID;
import static dev.keyport.testkit.StsEmulator.MSG_AUDIENCE;
import static dev.keyport.testkit.StsEmulator.MSG_EXPIRED;
import static dev.keyport.testkit.StsEmulator.MSG_ISSUER;
import static dev.keyport.testkit.StsEmulator.MSG_MAX_SESSION;
import static dev.keyport.testkit.StsEmulator.MSG_NOT_AUTHORIZED;
import static dev.keyport.testkit.StsEmulator.MSG_NO_PROVIDER;
import static dev.keyport.testkit.StsEmulator.MSG_SESSION_NAME_PATTERN;
import static dev.keyport.testkit.StsEmulator.MSG_SESSION_NAME_REQUIRED;
import static dev.keyport.testkit.StsEmulator.MSG_SOURCE_IDENTITY_PATTERN;
import static dev.keyport.testkit.StsEmulator.ROLE_ATTR;
import static dev.keyport.testkit.StsEmulator.SAML_NS;
import static dev.keyport.testkit.StsEmulator.SAMLP_NS;
import static dev.keyport.testkit.StsEmulator.SESSION_NAME_ATTR;
import static dev.keyport.testkit.StsEmulator.SOURCE_IDENTITY_ATTR;

import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.keyport.testkit.CredentialIssuer.SamlIdentity;
import dev.keyport.testkit.StsEmulator.IssuedCredentials;

/**
 * AssumeRoleWithSAML: the IAM SAML providers and role limits the emulator knows, and the checks made on the request
 * and its SAML Response before credentials are issued. They run in a fixed order and the first failure answers with
 * the error code and message STS sends for it, since tests assert which check a bad request fails.
 */
final class AssumeRoleWithSaml {

    private static final Pattern PROVIDER_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}):saml-provider/([\\w.-]{1,128})");
    private static final Pattern AUDIENCE = Pattern.compile(
            "urn:amazon:webservices(:[a-z0-9-]+)?|https://([a-z0-9-]+\\.)?signin\\.(aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)/saml(#\\d+)?");

    /** An IAM SAML provider: the key its assertions must be signed with (null: not checked), its Issuer (null: any). */
    private record Provider(PublicKey key, String issuer) {
    }

    private final CredentialIssuer credentials;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxSessionDurations = new ConcurrentHashMap<>();

    AssumeRoleWithSaml(CredentialIssuer credentials) {
        this.credentials = credentials;
    }

    void registerProvider(String providerArn, PublicKey signingKey, String expectedIssuer) {
        providers.put(providerArn, new Provider(signingKey, expectedIssuer));
    }

    boolean hasProvider(String providerArn) {
        return providers.containsKey(providerArn);
    }

    void maxSessionDuration(String roleArn, int seconds) {
        maxSessionDurations.put(roleArn, seconds);
    }

    /** Checks the request and its SAML Response, first failure wins; issues credentials when all pass. */
    String answer(Map<String, String> p, Instant now, String requestId) throws StsError {
        String roleArn = p.get("RoleArn");
        String principalArn = p.get("PrincipalArn");
        String saml = p.get("SAMLAssertion");
        String durationText = p.get("DurationSeconds");

        // 1. request shape (what the API model validates)
        List<String> problems = new ArrayList<>();
        lengthProblem(problems, "roleArn", roleArn, 20, 2048);
        lengthProblem(problems, "principalArn", principalArn, 20, 2048);
        lengthProblem(problems, "sAMLAssertion", saml, 4, 100000);
        int duration = DEFAULT_DURATION;
        if (durationText != null) {
            try {
                duration = Integer.parseInt(durationText.trim());
            } catch (NumberFormatException e) {
                throw new StsError(400, "ValidationError", "Value '" + durationText + "' for parameter DurationSeconds is invalid");
            }
            if (duration < 900) {
                problems.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
            } else if (duration > 43200) {
                problems.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 43200");
            }
        }
        if (!problems.isEmpty()) {
            throw new StsError(400, "ValidationError", problems.size() + " validation error"
                    + (problems.size() == 1 ? "" : "s") + " detected: " + String.join("; ", problems));
        }

        // 2. ARNs well-formed and not swapped
        var role = ROLE_ARN.matcher(roleArn);
        var provider = PROVIDER_ARN.matcher(principalArn);
        if (!role.matches() || !provider.matches()) {
            throw new StsError(400, "ValidationError", MSG_ARN_INVALID);
        }

        // 3. provider known in this "account/partition"
        Provider registered = providers.get(principalArn);
        if (registered == null) {
            throw new StsError(400, "InvalidIdentityToken", MSG_NO_PROVIDER);
        }

        // 4. base64 XML SAML Response
        Document doc = SamlXml.parse(saml);
        Element response = doc.getDocumentElement();
        if (!SAMLP_NS.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: the root element is not a SAML 2.0 Response");
        }
        Element statusCode = first(first(response, SAMLP_NS, "Status"), SAMLP_NS, "StatusCode");
        if (statusCode == null || !"urn:oasis:names:tc:SAML:2.0:status:Success".equals(statusCode.getAttribute("Value"))) {
            throw new StsError(400, "InvalidIdentityToken", "SAML response status is not Success");
        }
        List<Element> assertions = children(response, SAML_NS, "Assertion");
        if (assertions.isEmpty()) {
            if (!children(response, SAML_NS, "EncryptedAssertion").isEmpty()) {
                throw new StsError(400, "InvalidIdentityToken",
                        "Unable to decrypt EncryptedAssertion (the STS emulator holds no decryption key)");
            }
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: no Assertion");
        }
        if (assertions.size() > 1) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: more than one Assertion");
        }
        Element assertion = assertions.get(0);

        // 5. signature
        if (registered.key() != null) {
            SamlSignatureVerifier.verify(doc, response, assertion, registered.key());
        }

        // 6. issuer and audience
        String issuer = text(first(assertion, SAML_NS, "Issuer"));
        if (registered.issuer() != null && !registered.issuer().equals(issuer)) {
            throw new StsError(400, "InvalidIdentityToken", MSG_ISSUER);
        }
        Element conditions = first(assertion, SAML_NS, "Conditions");
        boolean audienceOk = false;
        for (Element ar : children(conditions, SAML_NS, "AudienceRestriction")) {
            for (Element a : children(ar, SAML_NS, "Audience")) {
                audienceOk |= AUDIENCE.matcher(text(a)).matches();
            }
        }
        if (!audienceOk) {
            throw new StsError(400, "InvalidIdentityToken", MSG_AUDIENCE);
        }

        // 7. expiry
        List<Instant> limits = new ArrayList<>();
        if (conditions != null && conditions.hasAttribute("NotOnOrAfter")) {
            limits.add(instant(conditions.getAttribute("NotOnOrAfter")));
        }
        Element subject = first(assertion, SAML_NS, "Subject");
        String audience = null;
        for (Element sc : children(subject, SAML_NS, "SubjectConfirmation")) {
            Element scd = first(sc, SAML_NS, "SubjectConfirmationData");
            if (scd != null && scd.hasAttribute("NotOnOrAfter")) {
                limits.add(instant(scd.getAttribute("NotOnOrAfter")));
            }
            if (scd != null && audience == null && scd.hasAttribute("Recipient")) {
                audience = scd.getAttribute("Recipient").trim();
            }
        }
        for (Instant limit : limits) {
            if (!now.isBefore(limit)) {
                throw new StsError(400, "ExpiredTokenException", MSG_EXPIRED);
            }
        }

        // 8. attributes
        Map<String, List<String>> attributes = attributes(assertion);
        List<String> names = attributes.getOrDefault(SESSION_NAME_ATTR, List.of());
        if (names.isEmpty() || names.get(0).isBlank()) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SESSION_NAME_REQUIRED);
        }
        String sessionName = names.get(0).trim();
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SESSION_NAME_PATTERN);
        }
        String sourceIdentity = null;
        List<String> sources = attributes.getOrDefault(SOURCE_IDENTITY_ATTR, List.of());
        if (!sources.isEmpty()) {
            sourceIdentity = sources.get(0).trim();
            if (!SESSION_NAME.matcher(sourceIdentity).matches() || sourceIdentity.startsWith("aws:")) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SOURCE_IDENTITY_PATTERN);
            }
        }

        // 9. the pair must be granted by one Role value (either order, values trimmed)
        boolean granted = false;
        for (String value : attributes.getOrDefault(ROLE_ATTR, List.of())) {
            Set<String> arns = new HashSet<>();
            for (String token : value.split(",")) {
                arns.add(token.trim());
            }
            granted |= arns.contains(roleArn) && arns.contains(principalArn);
        }
        if (!granted) {
            throw new StsError(403, "AccessDenied", MSG_NOT_AUTHORIZED);
        }

        // 10. role limits
        int max = maxSessionDurations.getOrDefault(roleArn, DEFAULT_MAX_SESSION_DURATION);
        if (duration > max) {
            throw new StsError(400, "ValidationError", MSG_MAX_SESSION);
        }

        // issue
        Instant expiration = now.plusSeconds(duration);
        Element authn = first(assertion, SAML_NS, "AuthnStatement");
        if (authn != null && authn.hasAttribute("SessionNotOnOrAfter")) {
            Instant cap = instant(authn.getAttribute("SessionNotOnOrAfter"));
            if (cap.isBefore(expiration)) {
                expiration = cap;
            }
        }
        expiration = expiration.truncatedTo(ChronoUnit.SECONDS);
        String account = role.group(2);
        Element nameId = first(subject, SAML_NS, "NameID");
        String subjectValue = text(nameId);
        String format = nameId == null || !nameId.hasAttribute("Format")
                ? "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified" : nameId.getAttribute("Format").trim();
        String subjectType = format.startsWith("urn:oasis:names:tc:SAML:2.0:nameid-format:")
                ? format.substring("urn:oasis:names:tc:SAML:2.0:nameid-format:".length()) : format;
        String nameQualifier = Base64.getEncoder().encodeToString(Digests.sha1(issuer + account + "/" + provider.group(3)));
        IssuedCredentials c = credentials.issue(role, principalArn, sessionName, expiration, new SamlIdentity(issuer,
                subjectValue, subjectType, nameQualifier, audience == null ? SamlResponseFactory.ACS_AWS : audience,
                sourceIdentity), duration, now);
        boolean packedPolicy = p.containsKey("Policy") || p.keySet().stream().anyMatch(k -> k.startsWith("PolicyArns."));
        return StsResponses.assumeRoleWithSaml(c, packedPolicy, requestId);
    }

    private static void lengthProblem(List<String> problems, String field, String value, int min, int max) {
        if (value == null) {
            problems.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        } else if (value.length() < min) {
            problems.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            problems.add("Value at '" + field + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }
}
