package dev.keyport.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A provider's own settings, read-only: what the user configured as {@code keyport.providers.<id>.<name>} (for
 * example {@code keyport.providers.okta.login-page-patterns}), with names relative to that prefix. The host hands
 * them to {@link IdpProvider#configure(ProviderSettings)} once, when it loads the provider.
 *
 * @since SPI 1.3
 */
public interface ProviderSettings {

    /** The setting's value as written, if it is set. */
    Optional<String> get(String name);

    /** A list setting: the value split at commas (a {@code \,} keeps a comma), blanks dropped; empty when unset. */
    List<String> list(String name);

    /** The names that are set. */
    Set<String> names();

    /** No settings at all. */
    static ProviderSettings none() {
        return new ProviderSettings() {
            @Override
            public Optional<String> get(String name) {
                return Optional.empty();
            }

            @Override
            public List<String> list(String name) {
                return List.of();
            }

            @Override
            public Set<String> names() {
                return Set.of();
            }
        };
    }
}
