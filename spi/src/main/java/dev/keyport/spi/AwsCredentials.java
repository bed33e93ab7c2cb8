package dev.keyport.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary AWS credentials. {@link #toString()} never shows the secret parts and masks the key id, so an instance
 * that ends up in a log line or an exception message leaks nothing.
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
        // The key id masked as logs show it (ASIA****ABCD): enough to match CloudTrail, too little to use.
        String key = accessKeyId == null ? "(none)" : accessKeyId.length() < 12 ? "****"
                : accessKeyId.substring(0, 4) + "****" + accessKeyId.substring(accessKeyId.length() - 4);
        return "AwsCredentials[accessKeyId=" + key + ", secretAccessKey=<redacted>, sessionToken=<redacted>"
                + ", expiration=" + expiration + "]";
    }
}
