package dev.keyport.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The JSON the AWS SDKs and CLI expect from a credential_process (Version 1): the answer of
 * {@code GET /api/v1/sessions/{idOrAlias}/credentials}. Its {@code toString} hides the secrets.
 */
public record CredentialProcessOutput(@JsonProperty("Version") int version,
                                      @JsonProperty("AccessKeyId") String accessKeyId,
                                      @JsonProperty("SecretAccessKey") String secretAccessKey,
                                      @JsonProperty("SessionToken") String sessionToken,
                                      @JsonProperty("Expiration") Instant expiration) {

    @Override
    public String toString() {
        return "CredentialProcessOutput[<keys redacted>, expiration=" + expiration + "]";
    }
}
