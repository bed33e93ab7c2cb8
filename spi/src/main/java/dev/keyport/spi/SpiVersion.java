package dev.keyport.spi;

/**
 * The version of this SPI. A provider built against the same {@link #MAJOR} and a {@link #MINOR} no newer than the
 * host's works with it; minor versions only add methods with default implementations. A plugin jar says which SPI it
 * was built for in its manifest, as {@value #MANIFEST_ATTRIBUTE}{@code : 1.4}; Keyport refuses one it cannot serve.
 */
public final class SpiVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 4;
    /** The jar manifest attribute that records the SPI version a provider jar was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Keyport-SPI-Version";

    private SpiVersion() {
    }

    public static String asString() {
        return MAJOR + "." + MINOR;
    }
}
