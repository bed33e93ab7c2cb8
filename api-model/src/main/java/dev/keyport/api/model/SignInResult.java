package dev.keyport.api.model;

/**
 * The answer of {@code POST /api/v1/assertions/sign-in}: the SAMLResponse the IdP posted, base64 as posted. It is a
 * bearer secret for its few minutes of validity (what a client would otherwise hand in with a start), so it is never
 * printed.
 */
public record SignInResult(String samlResponse) {
    @Override
    public String toString() {
        return "SignInResult[samlResponse=<redacted>]";
    }
}
