package dev.keyport.api.model;

/** {@code POST /api/v1/assertions/sign-in}: sign in once at an IdP's SAML URL, through the browser. */
public record SignInRequest(String samlUrl) {
}
