package dev.keyport.assertion;

import dev.keyport.aws.Arn;
import dev.keyport.aws.Partition;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The checks made before an assertion is sent to STS for a session, so that STS is only called when it can succeed. */
@ApplicationScoped
public class AssertionChecks {
    /** The warning returned for an encrypted assertion. */
    public static final String ENCRYPTED_WARNING = "the assertion is encrypted; Keyport could not check the role,"
            + " validity or partition and trusts the configured ARNs";

    /** What STS accepts as RoleSessionName. */
    static final Pattern ROLE_SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");

    private final Duration clockSkew;

    /** CDI constructor: the clock-skew allowance from {@code keyport.assertion.clock-skew}. */
    @Inject
    public AssertionChecks(AssertionConfig config) {
        this(config.clockSkew());
    }

    /** @param clockSkew how far the local clock may lag behind the IdP's before NotBefore is enforced */
    public AssertionChecks(Duration clockSkew) {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("keyport.assertion.clock-skew must not be negative");
        }
        this.clockSkew = clockSkew;
    }

    /**
     * Refuses (KeyportException, REJECTED or INVALID_INPUT) with a message that says what to do when: the role/IdP
     * pair is not in the assertion (listing the pairs that are), the assertion is expired or not yet valid (beyond the
     * clock-skew allowance), the ACS partition differs from the ARNs' partition, or RoleSessionName is missing.
     * For an encrypted assertion nothing can be checked: returns a warning saying so instead of refusing.
     *
     * @return warnings to record on the session (empty when everything was checked)
     */
    public java.util.List<String> checkUsable(SamlAssertion assertion, String roleArn, String idpArn, Instant now) {
        Objects.requireNonNull(assertion, "assertion");
        Objects.requireNonNull(now, "now");
        if (assertion.encrypted()) {
            return List.of(ENCRYPTED_WARNING);
        }
        String role = roleArn == null ? "" : roleArn.strip();
        String idp = idpArn == null ? "" : idpArn.strip();
        List<String> warnings = new ArrayList<>();

        checkPair(assertion, role, idp);
        checkPartition(assertion, role, idp, warnings);
        checkRoleSessionName(assertion);
        checkValidity(assertion, now, warnings);
        return List.copyOf(warnings);
    }

    private static void checkPair(SamlAssertion assertion, String role, String idp) {
        List<RolePair> pairs = assertion.rolePairs();
        for (RolePair pair : pairs) {
            if (pair.roleArn().strip().equals(role) && pair.idpArn().strip().equals(idp)) {
                return;
            }
        }
        String wanted = "role " + role + " with identity provider " + idp;
        if (pairs.isEmpty()) {
            String why = assertion.noRoleReasons().isEmpty() ? ""
                    : " " + String.join(". ", assertion.noRoleReasons()) + ".";
            throw invalid("The assertion does not allow " + wanted + ": it holds no AWS role at all (attribute "
                    + AwsSamlAttributes.ROLE + ")." + why + " Ask the identity provider administrator to assign you"
                    + " an AWS role in the AWS app");
        }
        String hint = "";
        for (RolePair pair : pairs) {
            if (pair.roleArn().strip().equals(idp) && pair.idpArn().strip().equals(role)) {
                hint = " The role and provider ARNs look swapped: the role ARN contains ':role/', the provider ARN"
                        + " ':saml-provider/'.";
                break;
            }
            if (pair.roleArn().strip().equals(role)) {
                hint = " The role is there, but with another identity provider ARN.";
                break;
            }
        }
        String available = pairs.stream().map(p -> p.roleArn() + " <- " + p.idpArn())
                .collect(Collectors.joining("; "));
        throw invalid("The assertion does not allow " + wanted + "." + hint + " It allows (role <- provider): "
                + available + ". Give the session one of these roles (and its provider).");
    }

    private static void checkPartition(SamlAssertion assertion, String role, String idp, List<String> warnings) {
        Partition rolePartition = partitionOf(role, "role");
        Partition idpPartition = partitionOf(idp, "identity provider");
        if (rolePartition != idpPartition) {
            throw invalid("The role ARN is in partition " + rolePartition.id() + " but the identity provider ARN in "
                    + idpPartition.id() + "; both must be in the same partition");
        }
        Optional<Partition.AcsEndpoint> acs = assertion.acsEndpoint();
        if (acs.isEmpty()) {
            warnings.add("the assertion names no AWS sign-in endpoint (Destination or Recipient); Keyport could not"
                    + " check that it was issued for partition " + rolePartition.id());
            return;
        }
        Partition acsPartition = acs.get().partition();
        if (acsPartition != rolePartition) {
            throw invalid("The assertion was issued for the " + acsPartition.id() + " sign-in endpoint ("
                    + acsPartition.acsUrl() + ") but the role and provider ARNs are in partition "
                    + rolePartition.id() + "; STS would answer \"Specified provider doesn't exist\". Use the ARNs of"
                    + " your " + acsPartition.id() + " account, or have the identity provider's AWS app use "
                    + rolePartition.acsUrl());
        }
    }

    private static Partition partitionOf(String arn, String what) {
        Arn parsed;
        try {
            parsed = Arn.parse(arn);
        } catch (IllegalArgumentException e) {
            throw invalid("The " + what + " ARN is invalid: " + e.getMessage());
        }
        return parsed.knownPartition().orElseThrow(() -> invalid("The " + what + " ARN has an unknown partition"));
    }

    private static void checkRoleSessionName(SamlAssertion assertion) {
        Optional<String> name = assertion.roleSessionName();
        if (name.isEmpty()) {
            throw invalid("The assertion has no RoleSessionName (attribute " + AwsSamlAttributes.ROLE_SESSION_NAME
                    + "), which STS requires. This is an identity provider configuration issue: ask its administrator"
                    + " to map that attribute in the AWS app (usually to the user's e-mail or login name)");
        }
        String value = name.get();
        if (!ROLE_SESSION_NAME.matcher(value).matches()) {
            String problem;
            int length = value.codePointCount(0, value.length());
            if (length < 2 || length > 64) {
                problem = "is " + length + " characters long";
            } else {
                int bad = value.codePoints().filter(cp -> !isSessionNameChar(cp)).findFirst().orElse('?');
                problem = "contains " + describe(bad);
            }
            throw invalid("The assertion's RoleSessionName (attribute " + AwsSamlAttributes.ROLE_SESSION_NAME
                    + ") " + problem + "; STS accepts 2 to 64 characters among a-z A-Z 0-9 _ + = , . @ -. This is"
                    + " an identity provider configuration issue: map the attribute to the e-mail or login name,"
                    + " not a display name");
        }
    }

    private static boolean isSessionNameChar(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                || "_+=,.@-".indexOf(cp) >= 0;
    }

    private static String describe(int cp) {
        if (cp == ' ') {
            return "a space";
        }
        if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
            return String.format("the character U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private void checkValidity(SamlAssertion assertion, Instant now, List<String> warnings) {
        Optional<Instant> end = assertion.notOnOrAfter();
        if (end.isPresent() && !now.isBefore(end.get())) {
            Duration ago = Duration.between(end.get(), now);
            throw rejected("The SAML assertion expired at " + end.get().truncatedTo(ChronoUnit.SECONDS) + " ("
                    + human(ago) + " ago). Assertions live about 5 minutes: log in to the identity provider again"
                    + " and use the new assertion");
        }
        Optional<Instant> start = assertion.notBefore();
        if (start.isPresent() && now.plus(clockSkew).isBefore(start.get())) {
            Duration ahead = Duration.between(now, start.get());
            throw rejected("The SAML assertion is valid only from " + start.get().truncatedTo(ChronoUnit.SECONDS)
                    + ", " + human(ahead) + " from now by this computer's clock, more than the allowed clock skew of "
                    + human(clockSkew) + " (keyport.assertion.clock-skew). Check this computer's clock (time sync"
                    + " / NTP)");
        }
        if (end.isEmpty()) {
            warnings.add("the assertion has no NotOnOrAfter; Keyport could not check that it is still valid");
        }
    }

    private static String human(Duration d) {
        long s = Math.abs(d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h";
    }

    private static KeyportException invalid(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message);
    }

    private static KeyportException rejected(String message) {
        return new KeyportException(ErrorCategory.REJECTED, message);
    }
}
