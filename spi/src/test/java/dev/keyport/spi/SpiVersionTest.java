package dev.keyport.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class SpiVersionTest {

    @Test
    void theVersionStampedIntoProviderJarsIsTheSpisOwn() throws IOException {
        Properties build = new Properties();
        try (InputStream in = SpiVersionTest.class.getResourceAsStream("/spi-version.properties")) {
            assertNotNull(in);
            build.load(in);
        }
        assertEquals(SpiVersion.asString(), build.getProperty("version"),
                "keyport.spi.version in the parent pom must follow SpiVersion");
    }
}
