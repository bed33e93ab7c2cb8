package dev.keyport.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin jar. Its parent is the platform loader, so a plugin sees the JDK and its own jar
 * only; the SPI package alone is handed over from the host, so the plugin's {@code IdpProvider} is the host's. A plugin
 * may therefore carry its own versions of any library without clashing with Keyport's (the Trino model).
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String SPI_PACKAGE = "dev.keyport.spi.";
    private final ClassLoader host;

    PluginClassLoader(String name, URL jar, ClassLoader host) {
        super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
