package dev.keyport.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.util.Optional;

/** Naming rules AWS tools apply to what a user types: profile names and regions. */
public final class AwsNames {
    private static final String ALLOWED = "letters A-Z a-z, digits 0-9 and _ - . / % @";

    private AwsNames() {
    }

    /**
     * Empty when {@code name} is a profile name AWS tools accept (letters, digits, {@code _ - . / % @}), else a
     * message saying what is wrong and how to fix it.
     */
    public static Optional<String> profileNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("The profile name is empty; use " + ALLOWED + " (e.g. 'dev' or 'prod-admin')");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!allowed(cp)) {
                return Optional.of("The profile name '" + name + "' contains " + describe(cp) + " at position "
                        + (name.codePointCount(0, i) + 1)
                        + "; a profile name may only contain " + ALLOWED);
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static boolean allowed(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                || cp == '_' || cp == '-' || cp == '.' || cp == '/' || cp == '%' || cp == '@';
    }

    /** A readable name for a character, so that invisible ones show up in a message. */
    static String describe(int cp) {
        return switch (cp) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n', '\r' -> "a line break";
            default -> Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)
                    ? String.format("the character U+%04X", cp)
                    : "'" + new String(Character.toChars(cp)) + "'";
        };
    }

    /**
     * The partition of a region known to the AWS SDK's region metadata, or empty for an unknown region (typo, or a
     * region newer than this SDK), a region of a partition SAML federation does not serve (e.g. {@code aws-iso}), or
     * a pseudo-region such as {@code aws-global}.
     */
    public static Optional<Partition> partitionOfRegion(String region) {
        if (region == null || region.isBlank()) {
            return Optional.empty();
        }
        String r = region.strip();
        if (r.endsWith("-global")) {
            return Optional.empty();
        }
        RegionMetadata metadata = Region.of(r).metadata();
        if (metadata == null) {
            return Optional.empty();
        }
        return Partition.fromId(metadata.partition().id());
    }
}
