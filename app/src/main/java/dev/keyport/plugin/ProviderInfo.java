package dev.keyport.plugin;

/**
 * A provider as the registry saw it: loaded, or set aside with the reason.
 *
 * @param id          the provider's id, or the jar's file name when it could not be loaded
 * @param displayName the provider's name, or null when it could not be loaded
 * @param source      {@code "classpath"} for built-in providers, else the jar's path
 * @param version     the jar's Implementation-Version, if it has one
 * @param spiVersion  the SPI version the jar says it was built for ({@code Keyport-SPI-Version}), if it says
 * @param loaded      whether it is in use
 * @param problem     why it is not in use, else null
 */
public record ProviderInfo(String id, String displayName, String source, String version, String spiVersion,
                           boolean loaded, String problem) {
}
