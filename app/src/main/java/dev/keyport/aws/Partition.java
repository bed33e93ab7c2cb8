package dev.keyport.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The AWS partitions SAML federation works in, with the hosts that belong to each. */
public enum Partition {
    AWS("aws", "signin.aws.amazon.com", "amazonaws.com", "us-east-1"),
    AWS_US_GOV("aws-us-gov", "signin.amazonaws-us-gov.com", "amazonaws.com", "us-gov-west-1"),
    AWS_CN("aws-cn", "signin.amazonaws.cn", "amazonaws.com.cn", "cn-north-1");

    /** What a region id looks like ({@code eu-west-1}, {@code us-gov-east-1}); used for regions newer than the SDK. */
    private static final Pattern REGION_SHAPE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /** ACS paths: the classic {@code /saml}, and the per-provider {@code /saml/acs/<provider id>}. */
    private static final Pattern ACS_PATH = Pattern.compile("/saml(/acs/[A-Za-z0-9]+)?/?", Pattern.CASE_INSENSITIVE);

    private final String id;
    private final String signinHost;
    private final String dnsSuffix;
    private final String defaultRegion;

    Partition(String id, String signinHost, String dnsSuffix, String defaultRegion) {
        this.id = id;
        this.signinHost = signinHost;
        this.dnsSuffix = dnsSuffix;
        this.defaultRegion = defaultRegion;
    }

    /** The partition's id as it appears in ARNs, e.g. {@code aws-us-gov}. */
    public String id() {
        return id;
    }

    /** The AWS sign-in host of this partition, e.g. {@code signin.amazonaws-us-gov.com}. */
    public String signinHost() {
        return signinHost;
    }

    /** The classic SAML assertion consumer service URL of this partition. */
    public String acsUrl() {
        return "https://" + signinHost + "/saml";
    }

    /** The region used for STS when none is configured: us-east-1, us-gov-west-1, cn-north-1. */
    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * The STS endpoint host for {@code region} by AWS convention: {@code sts.<region>.amazonaws.com}, or
     * {@code sts.<region>.amazonaws.com.cn} in China.
     *
     * @param region a region of this partition; null or blank means {@link #defaultRegion()}
     * @throws IllegalArgumentException when the SDK places the region in another partition
     */
    public String stsHost(String region) {
        String r = region == null || region.isBlank() ? defaultRegion : region.strip();
        Optional<Partition> known = AwsNames.partitionOfRegion(r);
        if (known.isPresent() && known.get() != this) {
            throw new IllegalArgumentException("Region '" + r + "' belongs to partition " + known.get().id
                    + ", not " + id + "; STS of partition " + id + " runs in regions such as " + defaultRegion);
        }
        if (known.isEmpty() && !REGION_SHAPE.matcher(r).matches()) {
            throw new IllegalArgumentException("'" + r + "' is not a region id (e.g. " + defaultRegion + ")");
        }
        return "sts." + r + "." + dnsSuffix;
    }

    /** The partition with this ARN id ({@code aws}, {@code aws-us-gov}, {@code aws-cn}); empty for anything else. */
    public static Optional<Partition> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip();
        for (Partition p : values()) {
            if (p.id.equals(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The partition (and region, for regional hosts such as {@code eu-west-1.signin.aws.amazon.com}) of a SAML
     * assertion consumer service URL; empty when the URL is not an AWS sign-in endpoint.
     * Accepted: {@code https://[<region>.]<sign-in host>/saml}, with or without a trailing slash, a query or a
     * fragment, in any host case, and the per-provider form {@code .../saml/acs/<provider id>}.
     */
    public static Optional<AcsEndpoint> ofAcsUrl(String acsUrl) {
        if (acsUrl == null || acsUrl.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(acsUrl.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getHost() == null
                || (uri.getPort() != -1 && uri.getPort() != 443)) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (path == null || !ACS_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (Partition p : values()) {
            if (host.equals(p.signinHost)) {
                return Optional.of(new AcsEndpoint(p, Optional.empty()));
            }
            String suffix = "." + p.signinHost;
            if (host.endsWith(suffix)) {
                String region = host.substring(0, host.length() - suffix.length());
                if (!REGION_SHAPE.matcher(region).matches()) {
                    return Optional.empty();
                }
                Optional<Partition> known = AwsNames.partitionOfRegion(region);
                if (known.isPresent() && known.get() != p) {
                    return Optional.empty();
                }
                return Optional.of(new AcsEndpoint(p, Optional.of(region)));
            }
        }
        return Optional.empty();
    }

    /** Whether the AWS SDK's region metadata places {@code region} in this partition. */
    public boolean containsRegion(String region) {
        if (region == null || region.isBlank()) {
            return false;
        }
        RegionMetadata metadata = Region.of(region.strip()).metadata();
        return metadata != null && id.equals(metadata.partition().id());
    }

    /** An assertion consumer service endpoint: its partition, and its region when the host is regional. */
    public record AcsEndpoint(Partition partition, Optional<String> region) {
    }
}
