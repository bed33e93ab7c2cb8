package dev.keyport.api.model;

/**
 * An IdP provider as {@code GET /api/v1/providers} lists it: built in or from the plugins folder, and whether it
 * loaded ({@code problem} says why not); {@code headlessLogin}: a loaded provider that can sign in without a browser
 * (a session's {@code loginFlow} HEADLESS).
 */
public record ProviderView(String id, String displayName, String source, String version, String spiVersion,
                           boolean loaded, String problem, Boolean headlessLogin) {
}
