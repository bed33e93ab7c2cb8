package dev.keyport.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
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

    /**
     * A duration setting, written as ISO-8601 ({@code PT2S}, {@code PT2M}); empty when unset.
     *
     * @throws IllegalArgumentException naming the setting, when it is not a duration or is negative
     * @since SPI 1.4
     */
    default Optional<Duration> duration(String name) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value.get().strip());
            if (d.isNegative()) {
                throw new IllegalArgumentException("The setting " + name + " is negative: " + value.get() + ".");
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The setting " + name + " is '" + value.get() + "', not an ISO-8601"
                    + " duration such as PT2S.");
        }
    }

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
