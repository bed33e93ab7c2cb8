package dev.keyport.plugin;

import dev.keyport.spi.SpiVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiCompatibilityTest {

    @Test
    void sameMajorAndNoNewerMinorIsAccepted() {
        assertFalse(PluginJarChecks.spiIncompatibility(SpiVersion.MAJOR + ".0").isPresent());
        assertFalse(PluginJarChecks.spiIncompatibility(SpiVersion.asString()).isPresent());
        assertFalse(PluginJarChecks.spiIncompatibility(SpiVersion.asString() + ".7").isPresent());
        assertFalse(PluginJarChecks.spiIncompatibility(null).isPresent(), "a jar that does not say is accepted");
    }

    @Test
    void newerMinorOtherMajorOrGarbageIsRefused() {
        assertTrue(PluginJarChecks.spiIncompatibility(SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1)).isPresent());
        assertTrue(PluginJarChecks.spiIncompatibility((SpiVersion.MAJOR + 1) + ".0").isPresent());
        assertTrue(PluginJarChecks.spiIncompatibility((SpiVersion.MAJOR - 1) + ".9").isPresent());
        assertTrue(PluginJarChecks.spiIncompatibility("one point one").orElseThrow().contains("not a version"));
    }
}
