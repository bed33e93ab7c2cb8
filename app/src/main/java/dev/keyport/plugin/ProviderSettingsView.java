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
 * name is not set. Environment variables count too ({@code KEYPORT_PROVIDERS_ONELOGIN_CLIENT_ID} is
 * {@code client-id} of {@code onelogin}), below the dotted names.
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
        Set<String> names = new java.util.HashSet<>();
        config.getPropertyNames().forEach(names::add);
        for (String name : names) {
            // SmallRye also lists KEYPORT_PROVIDERS_X_CLIENT_ID as keyport.providers.x.client.id: that guess is
            // not the setting's name (the variable is read below), so a dotted name that is an env variable's is left.
            boolean envGuess = name.substring(Math.min(prefix.length(), name.length())).contains(".")
                    && names.contains(envForm(name));
            if (name.startsWith(prefix) && name.length() > prefix.length() && !envGuess) {
                config.getOptionalValue(name, String.class).ifPresent(v -> values.put(name.substring(prefix.length()), v));
            }
        }
        // Environment variables, in the form MicroProfile Config gives them (KEYPORT_PROVIDERS_ONELOGIN_CLIENT_ID):
        // the framework maps them only to names it knows, and a provider's names are its own.
        String envPrefix = envForm(prefix);
        for (String name : names) {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length() && name.equals(envForm(name))) {
                String setting = name.substring(envPrefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                if (!values.containsKey(setting)) {
                    config.getOptionalValue(name, String.class).ifPresent(v -> values.put(setting, v));
                }
            }
        }
        for (String name : OLDER_NAMES) {
            if (!values.containsKey(name)) {
                config.getOptionalValue(OLDER_PREFIX + id + "." + name, String.class).ifPresent(v -> values.put(name, v));
            }
        }
        return new ProviderSettingsView(values);
    }

    /** A property name as an environment variable spells it: upper case, anything but letters and digits '_'. */
    static String envForm(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
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
