package dev.keyport.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The web page the daemon serves ({@code keyport ui}): how long its one-time links and its sign-ins last. */
@ConfigMapping(prefix = "keyport.ui")
public interface UiConfig {

    /**
     * How long a one-time link from {@code keyport ui} can be used. The browser opens it within moments; a link found
     * later (in a history, a forwarded message) is worthless.
     */
    @WithDefault("PT2M")
    Duration linkLifetime();

    /** How long a page signed in with such a link stays signed in; then {@code keyport ui} again. */
    @WithDefault("PT12H")
    Duration signInLifetime();
}
