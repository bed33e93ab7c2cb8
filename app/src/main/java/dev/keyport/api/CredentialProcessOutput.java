package dev.keyport.api;

import dev.keyport.aws.AccessKeys;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.spi.AwsCredentials;

import java.time.Instant;

/** The JSON the AWS SDKs and CLI expect from a credential_process (Version 1). */
public record CredentialProcessOutput(@JsonProperty("Version") int version,
                                      @JsonProperty("AccessKeyId") String accessKeyId,
                                      @JsonProperty("SecretAccessKey") String secretAccessKey,
                                      @JsonProperty("SessionToken") String sessionToken,
                                      @JsonProperty("Expiration") Instant expiration) {

    static CredentialProcessOutput of(AwsCredentials c) {
        return new CredentialProcessOutput(1, c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    @Override
    public String toString() {
        return "CredentialProcessOutput[accessKeyId=" + AccessKeys.masked(accessKeyId) + ", <secrets redacted>, expiration=" + expiration + "]";
    }
}
