package dev.keyport.aws;

/**
 * An Amazon Resource Name, parsed properly: {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}.
 * Only what Keyport needs: IAM roles and IAM SAML providers.
 */
public record Arn(String partition, String service, String region, String accountId, String resource) {

    /**
     * Parses {@code text} (surrounding whitespace ignored).
     *
     * @throws IllegalArgumentException with a message that names the bad part and shows the expected shape
     */
    public static Arn parse(String text) {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code iam} service and a resource {@code role/[path/]name}. */
    public boolean isRole() {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code iam} service and a resource {@code saml-provider/name}. */
    public boolean isSamlProvider() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
