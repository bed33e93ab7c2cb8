package dev.keyport.assertion;

/** One {@code https://aws.amazon.com/SAML/Attributes/Role} value: a role and the SAML provider that may assume it. */
public record RolePair(String roleArn, String idpArn) {
}
