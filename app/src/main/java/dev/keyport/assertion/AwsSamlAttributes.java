package dev.keyport.assertion;

/** The SAML attribute names AWS reads (matched exactly, case-sensitively, on the Attribute's Name). */
public final class AwsSamlAttributes {
    /** One value per {@code roleArn,providerArn} pair (either order). */
    public static final String ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
    /** The STS session name; must match {@code [a-zA-Z_0-9+=,.@-]{2,64}}. */
    public static final String ROLE_SESSION_NAME = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    /** Console session length in seconds (900-43200); advisory for CLI sessions. */
    public static final String SESSION_DURATION = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    /** The names above: never treated as a provider's alias of another attribute. */
    static final java.util.Set<String> ALL = java.util.Set.of(ROLE, ROLE_SESSION_NAME, SESSION_DURATION);

    private AwsSamlAttributes() {
    }
}
