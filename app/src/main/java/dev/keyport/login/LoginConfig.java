package dev.keyport.login;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How headless logins (through an IdP's API) talk to the user and the IdP. The browser's own are {@code keyport.browser}. */
@ConfigMapping(prefix = "keyport.login")
public interface LoginConfig {

    /** How long a question (password, code, factor) waits for its answer before the login gives up. */
    @WithDefault("PT5M")
    Duration answerTimeout();

    /** How long one call to the IdP's API may take. */
    @WithDefault("PT30S")
    Duration idpTimeout();

    /**
     * Whether passwords and API client secrets the IdP accepted are remembered in the OS keyring (never in a file),
     * so that later logins, refreshes among them, do not ask again. Off unless the user turns it on.
     */
    @WithDefault("false")
    boolean rememberPasswords();
}
