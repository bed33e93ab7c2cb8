package dev.keyport.sts;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.Locale;

/**
 * Turns an STS refusal into a message that says what to fix. STS's own code and
 * message are kept at the end: they are what a search engine or an AWS admin knows. STS messages never contain the
 * assertion.
 */
final class StsErrorTranslator {
    private StsErrorTranslator() {
    }

    static boolean isMaxSessionDurationExceeded(AwsServiceException e) {
        return "ValidationError".equals(code(e)) && message(e).contains("MaxSessionDuration");
    }

    static KeyportException translate(AwsServiceException e, String roleArn, String idpArn, String region) {
        String code = code(e);
        String message = message(e);
        String lower = message.toLowerCase(Locale.ROOT);
        String advice;
        ErrorCategory category = ErrorCategory.REJECTED;
        switch (code) {
            case "InvalidIdentityToken" -> {
                if (lower.contains("signature")) {
                    advice = "AWS could not verify the IdP's signature on the SAML response. The signing certificate in"
                            + " the IAM SAML provider " + idpArn + " is probably out of date: download the IdP's"
                            + " current metadata and upload it to that provider in IAM.";
                } else if (lower.contains("rolesessionname is required")) {
                    advice = "The IdP sent no RoleSessionName. Map the attribute"
                            + " https://aws.amazon.com/SAML/Attributes/RoleSessionName in the IdP's AWS app.";
                } else if (lower.contains("rolesessionname")) {
                    advice = "The IdP's RoleSessionName is not accepted by AWS (2-64 characters of letters, digits and"
                            + " + = , . @ _ -). Map it to a value like the user's e-mail address in the IdP's AWS app.";
                } else if (lower.contains("provider doesn't exist") || lower.contains("provider does not exist")) {
                    advice = "The SAML provider " + idpArn + " does not exist where STS looked (region " + region
                            + "). Check idpArn, and that the session's region is in the provider's partition.";
                } else if (lower.contains("issuer")) {
                    advice = "The assertion's Issuer does not match the IdP metadata in " + idpArn + ". The session"
                            + " pairs a login URL of one IdP app with the provider of another: fix samlUrl or idpArn.";
                } else if (lower.contains("audience")) {
                    advice = "The assertion's Audience is not one AWS accepts. Set the IdP app's audience (entity id) to"
                            + " https://signin.aws.amazon.com/saml or urn:amazon:webservices.";
                } else {
                    advice = "AWS rejected the SAML response. Check the IdP's AWS app configuration and idpArn.";
                }
            }
            case "ExpiredTokenException", "ExpiredToken" -> advice = "The SAML response is too old: AWS accepts it for"
                    + " about 5 minutes after the IdP issued it. Log in again (and check this computer's clock).";
            case "IDPRejectedClaim", "IDPRejectedClaimException" -> advice = "The IdP reported that the login or a"
                    + " claim is not valid. Log in to the IdP again; if it persists, ask the IdP administrator.";
            case "AccessDenied", "AccessDeniedException" -> advice = "AWS does not let " + idpArn + " assume "
                    + roleArn + ". Check the role exists, that its trust policy trusts this SAML provider with"
                    + " sts:AssumeRoleWithSAML, and that its SAML:aud condition matches the assertion's recipient.";
            case "RegionDisabledException", "RegionDisabled" -> advice = "STS is not activated in region " + region
                    + ". Activate it in the IAM account settings, or choose another region for the session.";
            case "MalformedPolicyDocument", "MalformedPolicyDocumentException", "PackedPolicyTooLarge",
                    "PackedPolicyTooLargeException" -> advice = "AWS rejected the session policy derived from the"
                    + " assertion (too many session tags or a malformed policy). Check the IdP's PrincipalTag attributes.";
            case "ValidationError" -> {
                category = ErrorCategory.INVALID_INPUT;
                if (lower.contains("maxsessionduration")) {
                    advice = "The role's maximum session duration is shorter than requested. Lower durationSeconds, or"
                            + " raise the role's MaxSessionDuration in IAM.";
                } else if (lower.contains("durationseconds")) {
                    advice = "durationSeconds must be between 900 and 43200.";
                } else if (lower.contains("arn")) {
                    advice = "AWS says an ARN is invalid. Check roleArn (" + roleArn + ") and idpArn (" + idpArn
                            + "); are they swapped?";
                } else {
                    advice = "AWS rejected the request parameters.";
                }
            }
            case "Throttling", "ThrottlingException", "RequestLimitExceeded" -> {
                category = ErrorCategory.UNAVAILABLE;
                advice = "AWS STS is throttling requests. Try again in a minute.";
            }
            default -> {
                if (e.statusCode() >= 500) {
                    category = ErrorCategory.UNAVAILABLE;
                    advice = "AWS STS had an internal problem. Try again shortly.";
                } else {
                    advice = "AWS STS refused the request.";
                }
            }
        }
        return new KeyportException(category, advice + " (STS " + code + ": " + message + ")");
    }

    /** An AssumeRole refusal for a chained session, signed with the parent's credentials. */
    static KeyportException translateChained(AwsServiceException e, String roleArn, String parentRoleArn) {
        String code = code(e);
        String message = message(e);
        String lower = message.toLowerCase(Locale.ROOT);
        ErrorCategory category = ErrorCategory.REJECTED;
        String advice;
        switch (code) {
            case "AccessDenied", "AccessDeniedException" -> advice = "AWS does not let " + parentRoleArn
                    + " assume " + roleArn + ". The role's trust policy must allow sts:AssumeRole for the parent's role,"
                    + " and the parent's role must be allowed to call sts:AssumeRole on it.";
            case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId" -> {
                category = ErrorCategory.CONFLICT;
                advice = "The parent session's credentials are no longer valid. Start the parent session again.";
            }
            case "ValidationError" -> {
                category = ErrorCategory.INVALID_INPUT;
                advice = lower.contains("durationseconds")
                        ? "AWS caps role chaining at one hour: set durationSeconds to 3600 or less."
                        : "AWS rejected the request parameters. Check roleArn (" + roleArn + ").";
            }
            case "Throttling", "ThrottlingException", "RequestLimitExceeded" -> {
                category = ErrorCategory.UNAVAILABLE;
                advice = "AWS STS is throttling requests. Try again in a minute.";
            }
            default -> {
                category = e.statusCode() >= 500 ? ErrorCategory.UNAVAILABLE : ErrorCategory.REJECTED;
                advice = e.statusCode() >= 500 ? "AWS STS had an internal problem. Try again shortly."
                        : "AWS STS refused the request.";
            }
        }
        return new KeyportException(category, advice + " (STS " + code + ": " + message + ")");
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    private static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null ? "" : message;
    }
}
