package dev.keyport.plugin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/**
 * Per-provider settings, {@code keyport.providers.<id>.<name>}: whatever a provider documents. Each provider gets its
 * own as a read-only {@link dev.keyport.spi.ProviderSettings} view ({@link ProviderSettingsView}).
 */
@ConfigMapping(prefix = "keyport.providers")
public interface ProviderSettingsConfig {

    /** Settings by provider id, then by name. */
    @WithParentName
    Map<String, Map<String, String>> byProvider();
}
