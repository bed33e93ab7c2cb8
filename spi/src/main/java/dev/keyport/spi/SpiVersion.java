package dev.keyport.spi;

/**
 * The version of this SPI. A provider built against the same {@link #MAJOR} works with this host; minor versions only
 * add methods with default implementations. A provider may read these constants at build time to record what it was
 * compiled against.
 */
public final class SpiVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 1;

    private SpiVersion() {
    }

    public static String asString() {
        return MAJOR + "." + MINOR;
    }
}
