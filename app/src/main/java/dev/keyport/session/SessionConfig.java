package dev.keyport.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How sessions are kept alive: when credentials are refreshed, how failures are retried, what a daemon stop does. */
@ConfigMapping(prefix = "keyport.session")
public interface SessionConfig {

    /**
     * Refresh this long before the credentials expire (at half their lifetime when that comes later). Twenty minutes
     * keeps every tool safe: botocore treats credentials as due for refresh 15 minutes before expiry and the Java SDK
     * 5 minutes before, so a tool that caches what Keyport delivered always gets credentials it will not consider
     * stale at once.
     */
    @WithDefault("PT20M")
    Duration refreshMargin();

    /**
     * How often due refreshes and expiries are looked for. A periodic check, rather than one timer per session,
     * also catches up after the machine slept (timers follow the monotonic clock, which stops during sleep).
     */
    @WithDefault("PT5S")
    Duration checkInterval();

    /**
     * The shortest time between two refreshes of one session, however short-lived its credentials: a schedule that
     * would refresh sooner (credentials that last less than two of these) lets them expire instead of looping.
     */
    @WithDefault("PT1M")
    Duration minRefreshInterval();

    /** Wait before the first retry of a failed refresh; doubled after each failure. */
    @WithDefault("PT30S")
    Duration retryInitial();

    /** Longest wait between refresh retries. */
    @WithDefault("PT5M")
    Duration retryMax();

    /**
     * Whether stopping the daemon withdraws the profiles of active sessions. By default they stay (they are still
     * valid, and tools keep working); the next daemon start picks the sessions up again.
     */
    @WithDefault("false")
    boolean withdrawOnShutdown();
}
