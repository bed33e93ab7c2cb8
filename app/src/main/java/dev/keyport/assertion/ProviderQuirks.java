package dev.keyport.assertion;

import dev.keyport.spi.IdpProvider;

import java.util.Map;
import java.util.Optional;

/**
 * One provider's assertion quirks as the reader applies them. Providers reach here through the plugin boundary
 * ({@code plugin.GuardedProvider}), which turns a provider's failure or null answer into the SPI's default (the raw
 * value, not a placeholder, no alias), so a broken plugin never fails the read.
 */
final class ProviderQuirks {
    static final ProviderQuirks NONE = new ProviderQuirks(null, Map.of());

    private final IdpProvider provider;
    private final Map<String, String> aliases;

    private ProviderQuirks(IdpProvider provider, Map<String, String> aliases) {
        this.provider = provider;
        this.aliases = aliases;
    }

    static ProviderQuirks of(Optional<IdpProvider> provider) {
        return provider.map(p -> new ProviderQuirks(p, p.attributeAliases())).orElse(NONE);
    }

    /** The provider's display name, for notes; "the identity provider" when there is none. */
    String name() {
        return provider == null ? "the identity provider" : provider.displayName();
    }

    String normaliseRoleValue(String value) {
        return provider == null || value == null ? value : provider.normaliseRoleValue(value);
    }

    boolean isPlaceholderRoleValue(String value) {
        return provider != null && value != null && provider.isPlaceholderRoleValue(value.strip());
    }

    /** The AWS attribute name an attribute of this name stands in for, or null when it is no alias. */
    String aliasTarget(String attributeName) {
        return attributeName == null ? null : aliases.get(attributeName);
    }
}
