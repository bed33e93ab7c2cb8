package dev.keyport.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary AWS credentials. {@link #toString()} never shows the secret parts, so an instance that ends up in a log
 * line or an exception message leaks nothing.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>, sessionToken=<redacted>"
                + ", expiration=" + expiration + "]";
    }
}
