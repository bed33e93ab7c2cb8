package dev.keyport.api.model;

/** How a session's credentials reach the tools that use its named profile ({@code delivery} of a session). */
public enum DeliveryMethod {
    /** The keys are written to the credentials file, the region to the config file. The default. */
    CREDENTIALS_FILE,
    /** The config profile runs {@code keyport credential-process}, which asks the daemon each time. */
    CREDENTIAL_PROCESS
}
