package dev.keyport.aws;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An Amazon Resource Name, parsed properly: {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}.
 * Only what Keyport needs: IAM roles and IAM SAML providers.
 */
public record Arn(String partition, String service, String region, String accountId, String resource) {

    /** The example every parse error shows. */
    static final String EXAMPLE = "arn:aws:iam::123456789012:role/MyRole";

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    /** IAM role names (and, in practice, path segments): 1-64 of {@code A-Z a-z 0-9 + = , . @ _ -}. */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9+=,.@_-]+");
    /** IAM SAML provider names: 1-128 of {@code A-Z a-z 0-9 . _ -}. */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /**
     * Parses {@code text} (surrounding whitespace ignored).
     *
     * @throws IllegalArgumentException with a message that names the bad part and shows the expected shape
     */
    public static Arn parse(String text) {
        if (text == null || text.isBlank()) {
            throw problem("An ARN is required");
        }
        String arn = text.strip();
        if (!arn.startsWith("arn:")) {
            throw problem("'" + arn + "' is not an ARN: it must start with 'arn:'");
        }
        if (arn.contains(",arn:")) {
            throw problem("'" + arn + "' holds two ARNs joined by a comma (a role,provider pair copied from an"
                    + " assertion?); give each ARN on its own");
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            throw problem("'" + arn + "' has " + parts.length + " colon-separated parts, an ARN has 6"
                    + " (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)");
        }
        String partitionId = parts[1];
        String service = parts[2];
        String region = parts[3];
        String account = parts[4];
        String resource = parts[5];
        if (Partition.fromId(partitionId).isEmpty()) {
            throw problem("'" + arn + "' has the unknown partition '" + partitionId + "'; known partitions: "
                    + Arrays.stream(Partition.values()).map(Partition::id).collect(Collectors.joining(", ")));
        }
        if (!SERVICE.matcher(service).matches()) {
            throw problem("'" + arn + "' has an invalid service '" + service
                    + "' (lower-case letters, digits and '-', e.g. 'iam')");
        }
        if ("iam".equals(service)) {
            if (!region.isEmpty()) {
                String hint = account.isEmpty() && ACCOUNT.matcher(region).matches()
                        ? " (the account id is in the region's place: write two colons after 'iam')"
                        : "";
                throw problem("'" + arn + "' is an IAM ARN with the region '" + region
                        + "'; IAM ARNs have an empty region" + hint);
            }
        } else if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            throw problem("'" + arn + "' has an invalid region '" + region + "'");
        }
        if ("iam".equals(service) || !account.isEmpty()) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw problem("'" + arn + "' has the account id '" + account
                        + "'; an AWS account id is exactly 12 digits");
            }
        }
        if (resource.isEmpty()) {
            throw problem("'" + arn + "' has no resource after the account id");
        }
        if (resource.chars().anyMatch(Character::isWhitespace)) {
            throw problem("'" + arn + "' contains whitespace in its resource");
        }
        return new Arn(partitionId, service, region, account, resource);
    }

    private static IllegalArgumentException problem(String what) {
        return new IllegalArgumentException(what + " (for example " + EXAMPLE + ").");
    }

    /** The partition this ARN names, empty only for an Arn built by hand with an unknown partition. */
    public java.util.Optional<Partition> knownPartition() {
        return Partition.fromId(partition);
    }

    /** {@code iam} service and a resource {@code role/[path/]name}. */
    public boolean isRole() {
        if (!isIam() || !resource.startsWith("role/")) {
            return false;
        }
        String[] segments = resource.substring("role/".length()).split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            if (!PATH_SEGMENT.matcher(segments[i]).matches()) {
                return false;
            }
        }
        return ROLE_NAME.matcher(segments[segments.length - 1]).matches();
    }

    /** {@code iam} service and a resource {@code saml-provider/name}. */
    public boolean isSamlProvider() {
        return isIam() && resource.startsWith("saml-provider/")
                && PROVIDER_NAME.matcher(resource.substring("saml-provider/".length())).matches();
    }

    private boolean isIam() {
        return "iam".equals(service) && region != null && region.isEmpty() && accountId != null
                && ACCOUNT.matcher(accountId).matches() && resource != null;
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
