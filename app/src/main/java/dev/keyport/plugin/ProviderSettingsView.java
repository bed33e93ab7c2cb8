package dev.keyport.plugin;

import dev.keyport.spi.ProviderSettings;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One provider's settings as the SPI's read-only {@link ProviderSettings}: every {@code keyport.providers.<id>.<name>}
 * of the configuration, taken once at load. The two sign-in pattern settings are also read under their older names
 * {@code keyport.browser.providers.<id>.login-page-patterns} and {@code ...assertion-consumer-patterns}, where the new
 * name is not set.
 */
final class ProviderSettingsView implements ProviderSettings {
    static final String PREFIX = "keyport.providers.";
    static final String OLDER_PREFIX = "keyport.browser.providers.";
    static final List<String> OLDER_NAMES = List.of("login-page-patterns", "assertion-consumer-patterns");

    private final Map<String, String> values;

    ProviderSettingsView(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The settings of provider {@code id} in {@code config}. */
    static ProviderSettingsView of(Config config, String id) {
        Map<String, String> values = new TreeMap<>();
        String prefix = PREFIX + id + ".";
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                config.getOptionalValue(name, String.class).ifPresent(v -> values.put(name.substring(prefix.length()), v));
            }
        }
        for (String name : OLDER_NAMES) {
            if (!values.containsKey(name)) {
                config.getOptionalValue(OLDER_PREFIX + id + "." + name, String.class).ifPresent(v -> values.put(name, v));
            }
        }
        return new ProviderSettingsView(values);
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public List<String> list(String name) {
        String value = values.get(name);
        if (value == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                item.append(',');
                i++;
            } else if (c == ',') {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        return items.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        // Names only: a provider's settings might hold something private.
        return "ProviderSettings" + values.keySet();
    }
}
