package dev.keyport.testkit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyport.testkit.StsEmulator.IssuedCredentials;

/**
 * Issuing and recording the emulator's credentials: access keys, secrets and session tokens shaped like AWS's, the
 * assumed-role identity they stand for, and the record of every one of them. Credentials are never forgotten, since
 * signed calls (GetCallerIdentity, AssumeRole) must be checked against them for as long as STS would honour them.
 */
final class CredentialIssuer {

    /** An IAM role ARN; groups: partition, account, role path and name. */
    static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}):role/([\\w+=,.@/-]{1,512})");
    /** What STS accepts as a role session name, and as a SourceIdentity. */
    static final Pattern SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** What AssumeRoleWithSAML adds to the credentials from the assertion; role chaining has none of it. */
    record SamlIdentity(String issuer, String subject, String subjectType, String nameQualifier, String audience,
                        String sourceIdentity) {
    }

    private static final SamlIdentity NO_SAML = new SamlIdentity(null, null, null, null, null, null);

    private final List<IssuedCredentials> issued = new CopyOnWriteArrayList<>();
    private final Map<String, IssuedCredentials> byAccessKey = new ConcurrentHashMap<>();

    /**
     * Fresh credentials for the session {@code sessionName} of the role {@code role} (a {@link #ROLE_ARN} match), held
     * by {@code principalArn}; recorded before they are returned, so they are valid as soon as the client has them.
     *
     * @param saml what the assertion said, or null for role chaining
     */
    IssuedCredentials issue(Matcher role, String principalArn, String sessionName, Instant expiration, SamlIdentity saml,
                            int durationSeconds, Instant now) {
        String roleArn = role.group(); // the whole ARN: the pattern matched all of it
        String account = role.group(2);
        String rolePath = role.group(3);
        String roleName = rolePath.substring(rolePath.lastIndexOf('/') + 1);
        String assumedArn = "arn:" + role.group(1) + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
        SamlIdentity s = saml == null ? NO_SAML : saml;
        IssuedCredentials c = new IssuedCredentials(randomKeyId(), random(40, BASE64_CHARS), sessionToken(), expiration,
                roleArn, principalArn, sessionName, roleId(roleArn) + ":" + sessionName, assumedArn, account,
                s.issuer(), s.subject(), s.subjectType(), s.nameQualifier(), s.audience(), s.sourceIdentity(),
                durationSeconds, now);
        byAccessKey.put(c.accessKeyId(), c);
        issued.add(c);
        return c;
    }

    /** The credentials issued with this access key id, or null. */
    IssuedCredentials find(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }

    /** Snapshot of every credential issued, in order. */
    List<IssuedCredentials> issued() {
        return List.copyOf(issued);
    }

    private static String randomKeyId() {
        return "ASIA" + random(16, KEY_CHARS);
    }

    private static String random(int n, String alphabet) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String sessionToken() {
        byte[] b = new byte[320];
        RANDOM.nextBytes(b);
        return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(b);
    }

    /** Stable per role, like IAM's unique role id: AROA + 17 characters. */
    private static String roleId(String roleArn) {
        byte[] d = Digests.sha256(roleArn.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            sb.append(KEY_CHARS.charAt((d[i] & 0xff) % KEY_CHARS.length()));
        }
        return sb.toString();
    }
}
