package dev.keyport.sts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** How Keyport reaches AWS STS. */
@ConfigMapping(prefix = "keyport.sts")
public interface StsConfig {

    /**
     * STS endpoint to use instead of the partition's regional one, HTTP allowed (a local emulator). Without it,
     * AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL are honoured like every AWS SDK does, but over HTTPS only
     * ({@link StsFederation#endpoint}); an endpoint_url in the AWS config file never is.
     */
    Optional<URI> endpoint();

    /** Upper bound for one AssumeRoleWithSAML call, retries included. */
    @WithDefault("PT30S")
    Duration callTimeout();
}
