package dev.keyport.sts;

import dev.keyport.aws.AccessKeys;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Calls STS AssumeRoleWithSAML with the AWS SDK v2: anonymous credentials (the call is unsigned), the session's
 * region and its partition's endpoint, url-connection-client. One client per region, built on first use so the
 * daemon starts without paying for the SDK.
 */
@Singleton
public class StsFederation {
    private static final Logger LOG = Logger.getLogger(StsFederation.class);

    private final StsConfig config;
    private final ConcurrentMap<String, StsClient> clients = new ConcurrentHashMap<>();

    public StsFederation(StsConfig config) {
        this.config = config;
    }

    /**
     * @param samlResponse     the base64 SAMLResponse exactly as the IdP posted it
     * @param durationSeconds  chosen by {@link DurationPolicy}; retried once at 3600 if it exceeds the role's maximum
     * @param durationSource   where that duration came from ({@link DurationPolicy#source}), for the warning
     * @throws KeyportException with a message that says what to fix; configuration errors are never retried
     */
    public FederatedCredentials assumeRoleWithSaml(String samlResponse, String roleArn, String idpArn, String region,
                                                   int durationSeconds, DurationPolicy.Source durationSource) {
        List<String> warnings = new ArrayList<>();
        try {
            return call(samlResponse, roleArn, idpArn, region, durationSeconds, warnings);
        } catch (AwsServiceException e) {
            if (StsErrorTranslator.isMaxSessionDurationExceeded(e) && durationSeconds > DurationPolicy.DEFAULT_SECONDS) {
                warnings.add(maxSessionDurationWarning(durationSeconds, durationSource, roleArn));
                try {
                    return call(samlResponse, roleArn, idpArn, region, DurationPolicy.DEFAULT_SECONDS, warnings);
                } catch (AwsServiceException retryFailure) {
                    throw StsErrorTranslator.translate(retryFailure, roleArn, idpArn, region);
                }
            }
            throw StsErrorTranslator.translate(e, roleArn, idpArn, region);
        }
    }

    /** What happened, where the refused duration came from, and what to change so that it stops happening. */
    static String maxSessionDurationWarning(int refused, DurationPolicy.Source source, String roleArn) {
        return "STS refused " + refused + " s, more than the MaxSessionDuration of " + roleArn + ", so Keyport used "
                + DurationPolicy.DEFAULT_SECONDS + " s. The " + refused + " s came from " + source.phrase() + ". "
                + source.fix();
    }

    /**
     * Role chaining: AssumeRole signed with a parent session's credentials. AWS caps the result at one hour.
     *
     * @param parentRoleArn only for messages (which role could not assume which)
     * @throws KeyportException with a message that says what to fix
     */
    public FederatedCredentials assumeRole(AwsCredentials parent, String roleArn, String roleSessionName,
                                           String parentRoleArn, String region, int durationSeconds) {
        AssumeRoleRequest request = AssumeRoleRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(roleSessionName)
                .durationSeconds(durationSeconds)
                .overrideConfiguration(o -> o.credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(parent.accessKeyId(), parent.secretAccessKey(),
                                parent.sessionToken()))))
                .build();
        AssumeRoleResponse response;
        try {
            response = client(region).assumeRole(request);
        } catch (AwsServiceException e) {
            throw StsErrorTranslator.translateChained(e, roleArn, parentRoleArn);
        } catch (SdkClientException e) {
            throw unreachable(e, region);
        }
        return federated(response.credentials(), response.assumedRoleUser(), durationSeconds, List.of());
    }

    private FederatedCredentials call(String samlResponse, String roleArn, String idpArn, String region,
                                      int durationSeconds, List<String> warnings) {
        AssumeRoleWithSamlRequest request = AssumeRoleWithSamlRequest.builder()
                .roleArn(roleArn)
                .principalArn(idpArn)
                .samlAssertion(samlResponse)
                .durationSeconds(durationSeconds)
                .build();
        AssumeRoleWithSamlResponse response;
        try {
            response = client(region).assumeRoleWithSAML(request);
        } catch (AwsServiceException e) {
            throw e;
        } catch (SdkClientException e) {
            throw unreachable(e, region);
        }
        FederatedCredentials obtained = federated(response.credentials(), response.assumedRoleUser(), durationSeconds,
                warnings);
        LOG.debugf("AssumeRoleWithSAML for %s gave %s until %s", roleArn,
                AccessKeys.masked(obtained.credentials().accessKeyId()),
                obtained.credentials().expiration());
        return obtained;
    }

    /** Client-side failures name the endpoint and the I/O problem, never the request body. */
    private KeyportException unreachable(SdkClientException e, String region) {
        return new KeyportException(ErrorCategory.UNAVAILABLE, "Could not reach AWS STS"
                + endpoint(config.endpoint(), System.getenv(), System.getProperties()).map(u -> " at " + u)
                .orElse(" for region " + region) + ": "
                + e.getMessage() + " Check the network (or keyport.sts.endpoint / AWS_ENDPOINT_URL_STS).", e);
    }

    private static FederatedCredentials federated(Credentials c, AssumedRoleUser user, int durationSeconds,
                                                  List<String> warnings) {
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "AWS STS answered without complete credentials;"
                    + " try again.");
        }
        return new FederatedCredentials(new AwsCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(),
                c.expiration()), durationSeconds, user == null ? null : user.arn(), List.copyOf(warnings));
    }

    private static final ProfileFile NO_PROFILES = ProfileFile.aggregator().build();

    private StsClient client(String region) {
        return clients.computeIfAbsent(region, this::build);
    }

    private StsClient build(String region) {
        Optional<URI> endpoint = endpoint(config.endpoint(), System.getenv(), System.getProperties());
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(20)))
                // Nothing is taken from the user's AWS files: an endpoint_url there (say, LocalStack's) must not divert
                // assertions (the endpoint is decided below).
                .overrideConfiguration(o -> o.apiCallTimeout(config.callTimeout())
                        .defaultProfileFile(NO_PROFILES).defaultProfileFileSupplier(() -> NO_PROFILES));
        endpoint.ifPresent(builder::endpointOverride);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // The SDK parses the user's AWS files while it builds a client, whatever the settings above say, and
            // throws on one it cannot read: say which, as the credentials writer would.
            throw UnreadableAwsFiles.explain(e);
        }
    }

    /**
     * Where assertions go: {@code keyport.sts.endpoint} as it is (the user chose it for Keyport); else the variables
     * every AWS SDK honours ({@code AWS_ENDPOINT_URL_STS}, then {@code AWS_ENDPOINT_URL}, or their {@code aws.*}
     * system properties), but only over HTTPS: they are often set for a local emulator in the user's shell, and an
     * assertion sent in the clear to a local port could be taken by whoever holds that port and exchanged for
     * credentials at the real STS; else the partition's regional endpoint (empty).
     *
     * @throws KeyportException INVALID_INPUT for a plain-HTTP endpoint from those variables
     */
    /** Where this daemon's assertions go: {@link #endpoint} for its settings and environment (empty: AWS's own). */
    public static Optional<URI> endpointFor(StsConfig config) {
        return endpoint(config.endpoint(), System.getenv(), System.getProperties());
    }

    static Optional<URI> endpoint(Optional<URI> keyportSetting, java.util.Map<String, String> env,
                                  java.util.Properties properties) {
        if (keyportSetting.isPresent()) {
            return keyportSetting;
        }
        String[][] sources = {{"AWS_ENDPOINT_URL_STS", "aws.endpointUrlSts"}, {"AWS_ENDPOINT_URL", "aws.endpointUrl"}};
        for (String[] source : sources) {
            String value = properties.getProperty(source[1], env.get(source[0]));
            if (value == null || value.isBlank()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(value.strip());
            } catch (IllegalArgumentException e) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT, source[0] + " is not a URL.");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT, source[0] + " (or " + source[1] + ") is "
                        + uri + ", which is not HTTPS: Keyport sends SAML assertions, which anyone holding them can"
                        + " exchange for credentials, only over HTTPS. For a local STS emulator set keyport.sts.endpoint"
                        + " (KEYPORT_STS_ENDPOINT) to it explicitly; otherwise unset " + source[0] + " for the daemon.");
            }
            return Optional.of(uri);
        }
        return Optional.empty();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(StsClient::close);
    }
}
