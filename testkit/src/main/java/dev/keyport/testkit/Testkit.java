package dev.keyport.testkit;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

/** Shared constants and SDK clients for the kit's own tests. */
final class Testkit {
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "arn:aws:iam::123456789012:role/KeyportDev";
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/team/SSO.AdminRole";
    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/KeyportIdP";
    static final String UNKNOWN_PROVIDER = "arn:aws:iam::123456789012:saml-provider/NotRegistered";
    static final String GOV_ROLE = "arn:aws-us-gov:iam::123456789012:role/GovRole";
    static final String GOV_PROVIDER = "arn:aws-us-gov:iam::123456789012:saml-provider/GovIdP";

    private Testkit() {
    }

    /** Real SDK v2 client against the emulator: url-connection-client, us-east-1, no retries. */
    static StsClient client(URI endpoint, AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static StsClient anonymous(URI endpoint) {
        return client(endpoint, AnonymousCredentialsProvider.create());
    }

    static StsClient withCredentials(URI endpoint, String akid, String secret, String token) {
        return client(endpoint, StaticCredentialsProvider.create(AwsSessionCredentials.create(akid, secret, token)));
    }

    static StsClient withCredentials(URI endpoint, AssumeRoleWithSamlResponse r) {
        return withCredentials(endpoint, r.credentials().accessKeyId(), r.credentials().secretAccessKey(),
                r.credentials().sessionToken());
    }
}
