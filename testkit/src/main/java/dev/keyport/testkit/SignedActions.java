package dev.keyport.testkit;

import static dev.keyport.testkit.CredentialIssuer.ROLE_ARN;
import static dev.keyport.testkit.CredentialIssuer.SESSION_NAME;
import static dev.keyport.testkit.StsEmulator.MSG_CHAINED_DURATION;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.keyport.testkit.StsEmulator.IssuedCredentials;

/**
 * The actions a client signs (SigV4) with credentials the emulator issued: GetCallerIdentity, which proves they work,
 * and AssumeRole, role chaining from them. Both authenticate before reading any parameter, so a bad signature is
 * reported ahead of a bad parameter.
 */
final class SignedActions {

    private final CredentialIssuer credentials;
    private final SigV4Verifier sigV4;

    SignedActions(CredentialIssuer credentials) {
        this.credentials = credentials;
        this.sigV4 = new SigV4Verifier(credentials);
    }

    String getCallerIdentity(HttpExchange ex, byte[] body, Instant now, String requestId) throws StsError {
        IssuedCredentials c = sigV4.authenticate(ex, body, now);
        return StsResponses.getCallerIdentity(c, requestId);
    }

    /** AssumeRole signed with credentials this emulator issued: role chaining, capped at one hour like AWS. */
    String assumeRole(HttpExchange ex, byte[] body, Map<String, String> p, Instant now, String requestId)
            throws StsError {
        IssuedCredentials caller = sigV4.authenticate(ex, body, now);
        String roleArn = p.getOrDefault("RoleArn", "").trim();
        var role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            throw new StsError(400, "ValidationError", "Request ARN is invalid");
        }
        String sessionName = p.getOrDefault("RoleSessionName", "").trim();
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int duration = Integer.parseInt(p.getOrDefault("DurationSeconds", "3600").trim());
        if (duration < 900) {
            throw new StsError(400, "ValidationError", "DurationSeconds must be at least 900");
        }
        if (duration > 3600) {
            throw new StsError(400, "ValidationError", MSG_CHAINED_DURATION);
        }
        Instant expiration = now.plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        IssuedCredentials c = credentials.issue(role, caller.identityArn(), sessionName, expiration, null, duration, now);
        return StsResponses.assumeRole(c, requestId);
    }
}
