package dev.keyport.assertion;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** The checks made before an assertion is sent to STS for a session, so that STS is only called when it can succeed. */
@ApplicationScoped
public class AssertionChecks {

    /**
     * Refuses (KeyportException, REJECTED or INVALID_INPUT) with a message that says what to do when: the role/IdP
     * pair is not in the assertion (listing the pairs that are), the assertion is expired or not yet valid (beyond the
     * clock-skew allowance), the ACS partition differs from the ARNs' partition, or RoleSessionName is missing.
     * For an encrypted assertion nothing can be checked: returns a warning saying so instead of refusing.
     *
     * @return warnings to record on the session (empty when everything was checked)
     */
    public java.util.List<String> checkUsable(SamlAssertion assertion, String roleArn, String idpArn, Instant now) {
        throw new UnsupportedOperationException("TODO");
    }
}
