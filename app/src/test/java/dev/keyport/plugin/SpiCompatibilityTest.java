package dev.keyport.plugin;

import dev.keyport.spi.SpiVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiCompatibilityTest {

    @Test
    void sameMajorAndNoNewerMinorIsAccepted() {
        assertFalse(ProviderRegistry.spiIncompatibility(SpiVersion.MAJOR + ".0").isPresent());
        assertFalse(ProviderRegistry.spiIncompatibility(SpiVersion.asString()).isPresent());
        assertFalse(ProviderRegistry.spiIncompatibility(SpiVersion.asString() + ".7").isPresent());
        assertFalse(ProviderRegistry.spiIncompatibility(null).isPresent(), "a jar that does not say is accepted");
    }

    @Test
    void newerMinorOtherMajorOrGarbageIsRefused() {
        assertTrue(ProviderRegistry.spiIncompatibility(SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1)).isPresent());
        assertTrue(ProviderRegistry.spiIncompatibility((SpiVersion.MAJOR + 1) + ".0").isPresent());
        assertTrue(ProviderRegistry.spiIncompatibility((SpiVersion.MAJOR - 1) + ".9").isPresent());
        assertTrue(ProviderRegistry.spiIncompatibility("one point one").orElseThrow().contains("not a version"));
    }
}
