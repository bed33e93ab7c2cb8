package dev.keyport.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The AWS console sign-in: where the federation endpoint is and how long a console session lasts. */
@ConfigMapping(prefix = "keyport.console")
public interface ConsoleConfig {

    /**
     * The federation endpoint to use instead of the session's partition's ({@code https://signin.aws.amazon.com/federation}
     * and its GovCloud and China twins). For tests and proxies.
     */
    Optional<URI> federationEndpoint();

    /** Console session length when the command does not say (AWS allows 15 minutes to 12 hours). */
    @WithDefault("PT1H")
    Duration sessionDuration();

    /**
     * How long the private page that forwards the browser to the sign-in URL stays on disk ({@code keyport console}
     * without {@code --print}); the browser reads it within moments of being told to open it.
     */
    @WithDefault("PT1M")
    Duration pageLifetime();

    /** Upper bound for the getSigninToken call. */
    @WithDefault("PT15S")
    Duration callTimeout();
}
