package dev.keyport.spi;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A provider written against SPI 1.0 (the three abstract methods only) gets neutral answers for everything newer. */
class IdpProviderDefaultsTest {
    private final IdpProvider minimal = new IdpProvider() {
        @Override
        public String id() {
            return "minimal";
        }

        @Override
        public String displayName() {
            return "Minimal";
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            return false;
        }
    };

    @Test
    void everyLaterMethodDefaultsToNoOpinion() {
        String value = "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P";
        assertFalse(minimal.recognisesIssuer("https://idp.example.com/"));
        assertEquals(List.of(), minimal.loginPagePatterns());
        assertEquals(List.of(), minimal.assertionConsumerPatterns());
        assertEquals(value, minimal.normaliseRoleValue(value));
        assertFalse(minimal.isPlaceholderRoleValue("Default"));
        assertEquals(Map.of(), minimal.attributeAliases());
        assertEquals(Optional.empty(), minimal.headlessLogin());
    }
}
