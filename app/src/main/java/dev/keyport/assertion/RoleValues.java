package dev.keyport.assertion;

import dev.keyport.aws.Arn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits one {@code https://aws.amazon.com/SAML/Attributes/Role} value into a {@link RolePair}. The two halves are
 * told apart by content ({@code :saml-provider/} vs {@code :role/}), never by position: Okta and ADFS put the
 * provider first, Google, Azure AD and OneLogin the role.
 */
final class RoleValues {
    private RoleValues() {
    }

    /** Either a pair or the reason the value was skipped (the reason never quotes the value). */
    record Outcome(Optional<RolePair> pair, String skipReason) {
        static Outcome of(RolePair pair) {
            return new Outcome(Optional.of(pair), null);
        }

        static Outcome skipped(String reason) {
            return new Outcome(Optional.empty(), reason);
        }
    }

    /**
     * Reads one value: trimmed, split on commas, each token trimmed, empty tokens dropped (trailing comma). Exactly
     * two tokens must remain, one role ARN and one SAML provider ARN, both valid.
     */
    static Outcome parse(String value) {
        if (value == null || value.isBlank()) {
            return Outcome.skipped("it is empty");
        }
        List<String> tokens = new ArrayList<>();
        for (String t : value.strip().split(",")) {
            String token = t.strip();
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        String role = null;
        String provider = null;
        int roles = 0;
        int providers = 0;
        for (String token : tokens) {
            if (token.contains(":saml-provider/")) {
                provider = token;
                providers++;
            } else if (token.contains(":role/")) {
                role = token;
                roles++;
            }
        }
        if (roles == 0 && providers == 0) {
            return Outcome.skipped("it holds no role ARN and no SAML provider ARN (for example OneLogin's"
                    + " placeholder for a user without an AWS role)");
        }
        if (roles != 1 || providers != 1) {
            return Outcome.skipped("it holds " + roles + " role ARN(s) and " + providers + " SAML provider ARN(s);"
                    + " a Role value is exactly one of each, separated by a comma");
        }
        if (tokens.size() != 2) {
            return Outcome.skipped("it holds " + tokens.size() + " comma-separated items; a Role value is exactly"
                    + " a role ARN and a SAML provider ARN");
        }
        Arn roleArn;
        Arn providerArn;
        try {
            roleArn = Arn.parse(role);
            providerArn = Arn.parse(provider);
        } catch (IllegalArgumentException e) {
            return Outcome.skipped("one of its ARNs is malformed");
        }
        if (!roleArn.isRole()) {
            return Outcome.skipped("its role ARN is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)");
        }
        if (!providerArn.isSamlProvider()) {
            return Outcome.skipped("its provider ARN is not an IAM SAML provider ARN"
                    + " (arn:PARTITION:iam::ACCOUNT:saml-provider/NAME)");
        }
        if (!roleArn.partition().equals(providerArn.partition())) {
            return Outcome.skipped("its role and provider ARNs are in different partitions");
        }
        return Outcome.of(new RolePair(role, provider));
    }
}
