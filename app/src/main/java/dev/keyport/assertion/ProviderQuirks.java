package dev.keyport.assertion;

import dev.keyport.spi.IdpProvider;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/**
 * One provider's assertion quirks as the reader applies them. The provider may be a plugin: any exception from its
 * code counts as "no quirk" (the raw value, not a placeholder, no alias), is logged without the value, and never fails
 * the read.
 */
final class ProviderQuirks {
    private static final Logger LOG = Logger.getLogger(ProviderQuirks.class);
    static final ProviderQuirks NONE = new ProviderQuirks(null, Map.of());

    private final IdpProvider provider;
    private final Map<String, String> aliases;

    private ProviderQuirks(IdpProvider provider, Map<String, String> aliases) {
        this.provider = provider;
        this.aliases = aliases;
    }

    static ProviderQuirks of(Optional<IdpProvider> provider) {
        if (provider.isEmpty()) {
            return NONE;
        }
        IdpProvider p = provider.get();
        Map<String, String> aliases;
        try {
            Map<String, String> declared = p.attributeAliases();
            aliases = declared == null ? Map.of() : Map.copyOf(declared);
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("Provider %s failed to list its attribute aliases (%s); ignoring them", p.id(),
                    e.getClass().getSimpleName());
            aliases = Map.of();
        }
        return new ProviderQuirks(p, aliases);
    }

    /** The provider's display name, for notes; "the identity provider" when there is none. */
    String name() {
        return provider == null ? "the identity provider" : safeName();
    }

    private String safeName() {
        try {
            String name = provider.displayName();
            return name == null || name.isBlank() ? provider.id() : name;
        } catch (RuntimeException | LinkageError e) {
            return provider.id();
        }
    }

    String normaliseRoleValue(String value) {
        if (provider == null || value == null) {
            return value;
        }
        try {
            String normalised = provider.normaliseRoleValue(value);
            return normalised == null ? value : normalised;
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("Provider %s failed to normalise a Role value (%s); reading it as sent", provider.id(),
                    e.getClass().getSimpleName());
            return value;
        }
    }

    boolean isPlaceholderRoleValue(String value) {
        if (provider == null || value == null) {
            return false;
        }
        try {
            return provider.isPlaceholderRoleValue(value.strip());
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("Provider %s failed to classify a Role value (%s); reading it as a role", provider.id(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** The AWS attribute name an attribute of this name stands in for, or null when it is no alias. */
    String aliasTarget(String attributeName) {
        return attributeName == null ? null : aliases.get(attributeName);
    }
}
