package dev.keyport.aws;

import java.util.Optional;

/** The AWS partitions SAML federation works in, with the hosts that belong to each. */
public enum Partition {
    AWS("aws"),
    AWS_US_GOV("aws-us-gov"),
    AWS_CN("aws-cn");

    private final String id;

    Partition(String id) {
        this.id = id;
    }

    /** The partition's id as it appears in ARNs, e.g. {@code aws-us-gov}. */
    public String id() {
        return id;
    }

    public static Optional<Partition> fromId(String id) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The partition (and region, for regional hosts such as {@code eu-west-1.signin.aws.amazon.com}) of a SAML
     * assertion consumer service URL; empty when the URL is not an AWS sign-in endpoint.
     */
    public static Optional<AcsEndpoint> ofAcsUrl(String acsUrl) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether the AWS SDK's region metadata places {@code region} in this partition. */
    public boolean containsRegion(String region) {
        throw new UnsupportedOperationException("TODO");
    }

    /** An assertion consumer service endpoint: its partition, and its region when the host is regional. */
    public record AcsEndpoint(Partition partition, Optional<String> region) {
    }
}
