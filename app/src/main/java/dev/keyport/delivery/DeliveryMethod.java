package dev.keyport.delivery;

/** How a session's credentials reach the tools that use its named profile. */
public enum DeliveryMethod {
    /** The keys are written to the credentials file, the region to the config file. The default. */
    CREDENTIALS_FILE,
    /**
     * The config profile runs {@code keyport credential-process} ({@code credential_process = ...}), which asks the
     * daemon each time; the credentials file holds nothing for the profile.
     */
    CREDENTIAL_PROCESS
}
