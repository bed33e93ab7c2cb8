package dev.keyport.aws;

import java.util.Optional;

/** Naming rules AWS tools apply to what a user types: profile names and regions. */
public final class AwsNames {
    private AwsNames() {
    }

    /**
     * Empty when {@code name} is a profile name AWS tools accept (letters, digits, {@code _ - . / % @}), else a
     * message saying what is wrong and how to fix it.
     */
    public static Optional<String> profileNameProblem(String name) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The partition of a region known to the AWS SDK's region metadata, or empty for an unknown region (typo, or a
     * region newer than this SDK).
     */
    public static Optional<Partition> partitionOfRegion(String region) {
        throw new UnsupportedOperationException("TODO");
    }
}
