package dev.keyport.testkit;

import static dev.keyport.testkit.StsEmulator.STS_NS;

import java.time.format.DateTimeFormatter;

import dev.keyport.testkit.StsEmulator.IssuedCredentials;

/**
 * The XML bodies the emulator answers with, element for element as STS writes them (the AWS SDKs and the AWS CLI
 * parse these, so names, nesting and order matter). Every value is escaped: an assertion's attributes end up in them.
 */
final class StsResponses {

    private StsResponses() {
    }

    /** The AssumeRoleWithSAML result; {@code packedPolicy}: the request carried a session policy. */
    static String assumeRoleWithSaml(IssuedCredentials c, boolean packedPolicy, String requestId) {
        StringBuilder x = new StringBuilder(2048);
        x.append("<AssumeRoleWithSAMLResponse xmlns=\"").append(STS_NS).append("\">\n  <AssumeRoleWithSAMLResult>\n");
        el(x, "    ", "Audience", c.audience());
        assumedRoleAndCredentials(x, c);
        el(x, "    ", "Issuer", c.issuer());
        el(x, "    ", "NameQualifier", c.nameQualifier());
        el(x, "    ", "Subject", c.subject());
        el(x, "    ", "SubjectType", c.subjectType());
        if (c.sourceIdentity() != null) {
            el(x, "    ", "SourceIdentity", c.sourceIdentity());
        }
        if (packedPolicy) {
            el(x, "    ", "PackedPolicySize", "6");
        }
        x.append("  </AssumeRoleWithSAMLResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</AssumeRoleWithSAMLResponse>\n");
        return x.toString();
    }

    /** The GetCallerIdentity result: who the signing credentials belong to. */
    static String getCallerIdentity(IssuedCredentials c, String requestId) {
        StringBuilder x = new StringBuilder(512);
        x.append("<GetCallerIdentityResponse xmlns=\"").append(STS_NS).append("\">\n  <GetCallerIdentityResult>\n");
        el(x, "    ", "Arn", c.identityArn());
        el(x, "    ", "UserId", c.assumedRoleId());
        el(x, "    ", "Account", c.account());
        x.append("  </GetCallerIdentityResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</GetCallerIdentityResponse>\n");
        return x.toString();
    }

    /** The AssumeRole (role chaining) result. */
    static String assumeRole(IssuedCredentials c, String requestId) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<AssumeRoleResponse xmlns=\"").append(STS_NS).append("\">\n  <AssumeRoleResult>\n");
        assumedRoleAndCredentials(x, c);
        x.append("  </AssumeRoleResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</AssumeRoleResponse>\n");
        return x.toString();
    }

    /** An ErrorResponse; {@code type} is Sender (the client's fault) or Receiver (the service's). */
    static String error(String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + STS_NS + "\">\n  <Error>\n    <Type>" + escape(type) + "</Type>\n    <Code>"
                + escape(code) + "</Code>\n    <Message>" + escape(message) + "</Message>\n  </Error>\n  <RequestId>"
                + requestId + "</RequestId>\n</ErrorResponse>\n";
    }

    /** The AssumedRoleUser and Credentials elements both AssumeRole actions answer with. */
    private static void assumedRoleAndCredentials(StringBuilder x, IssuedCredentials c) {
        x.append("    <AssumedRoleUser>\n");
        el(x, "      ", "AssumedRoleId", c.assumedRoleId());
        el(x, "      ", "Arn", c.identityArn());
        x.append("    </AssumedRoleUser>\n    <Credentials>\n");
        el(x, "      ", "AccessKeyId", c.accessKeyId());
        el(x, "      ", "SecretAccessKey", c.secretAccessKey());
        el(x, "      ", "SessionToken", c.sessionToken());
        el(x, "      ", "Expiration", DateTimeFormatter.ISO_INSTANT.format(c.expiration()));
        x.append("    </Credentials>\n");
    }

    private static void el(StringBuilder x, String indent, String name, String value) {
        x.append(indent).append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    /** XML escaping for text and attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
