package dev.keyport.plugin;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which configuration a provider's settings view holds. */
class ProviderSettingsViewTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }

    @Test
    void aProviderSeesItsOwnSettingsOnlyUnderNamesRelativeToItsPrefix() {
        SmallRyeConfig config = config(Map.of(
                "keyport.providers.okta.tenant", "acme",
                "keyport.providers.okta.login-page-patterns", "/login/.*",
                "keyport.providers.oktaish.tenant", "other",
                "keyport.providers.onelogin.tenant", "theirs"));
        ProviderSettingsView okta = ProviderSettingsView.of(config, "okta");
        assertEquals(Set.of("tenant", "login-page-patterns"), okta.names());
        assertEquals(Optional.of("acme"), okta.get("tenant"));
        assertEquals(List.of("/login/.*"), okta.list("login-page-patterns"));
        assertEquals(List.of(), okta.list("assertion-consumer-patterns"));
    }

    @Test
    void theOlderBrowserNamesOfThePatternSettingsStillCountWhereTheNewOnesAreUnset() {
        SmallRyeConfig config = config(Map.of(
                "keyport.browser.providers.generic.login-page-patterns", "/adfs/ls/.*",
                "keyport.browser.providers.generic.assertion-consumer-patterns", "https://old.example/*",
                "keyport.providers.generic.assertion-consumer-patterns", "https://new.example/*"));
        ProviderSettingsView generic = ProviderSettingsView.of(config, "generic");
        assertEquals(List.of("/adfs/ls/.*"), generic.list("login-page-patterns"));
        assertEquals(List.of("https://new.example/*"), generic.list("assertion-consumer-patterns"), "the new name wins");
    }

    @Test
    void environmentVariablesCountBelowTheDottedNames() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new io.smallrye.config.EnvConfigSource(Map.of(
                "KEYPORT_PROVIDERS_ONELOGIN_CLIENT_ID", "from-env",
                "KEYPORT_PROVIDERS_ONELOGIN_API_URL", "https://api.eu.onelogin.com",
                "KEYPORT_PROVIDERS_ONELOGINX_CLIENT_ID", "not-this-provider"), 300))
                .withDefaultValues(Map.of("keyport.providers.onelogin.api-url", "https://api.us.onelogin.com"))
                .build();
        ProviderSettingsView oneLogin = ProviderSettingsView.of(config, "onelogin");
        assertEquals(Optional.of("from-env"), oneLogin.get("client-id"));
        assertEquals(Set.of("client-id", "api-url"), oneLogin.names());
    }
}
