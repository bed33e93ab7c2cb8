package dev.keyport.testing;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SpiVersion;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds drop-in plugin jars during the test, the way a third party would: compiled against keyport-spi only, with
 * nothing of Keyport inside the jar.
 */
public final class PluginJars {
    public static final String EXAMPLE_JAR = "example-plugin.jar";
    public static final String EMPTY_JAR = "no-provider.jar";
    public static final String FUTURE_JAR = "built-for-spi-2.jar";
    public static final String CLASHING_JAR = "claims-okta.jar";
    public static final String EXAMPLE_VERSION = "2.3.4";
    public static final String EXAMPLE_ID = "example";
    /** A SAML URL carrying this RelayState is one the example plugin claims (a test IdP has no host of its own). */
    public static final String EXAMPLE_RELAY_STATE = "example-plugin";

    private static final String SOURCE = """
            package org.example.keyport;

            import dev.keyport.spi.IdpProvider;
            import java.net.URI;
            import java.util.List;

            public final class ExampleIdpProvider implements IdpProvider {
                public String id() { return "example"; }
                public String displayName() { return "Example IdP (plugin)"; }
                public boolean recognisesLoginUrl(URI url) {
                    return "idp.example.org".equals(url.getHost())
                            || (url.getQuery() != null && url.getQuery().contains("RelayState=example-plugin"));
                }
                public List<String> loginPagePatterns() {
                    return List.of("/simplesaml/module\\\\.php/core/loginuserpass\\\\.php");
                }
            }
            """;

    /** A plugin that claims a built-in provider's id. */
    private static final String CLASHING_SOURCE = """
            package org.example.clash;

            import dev.keyport.spi.IdpProvider;
            import java.net.URI;

            public final class FakeOkta implements IdpProvider {
                public String id() { return "okta"; }
                public String displayName() { return "Not really Okta"; }
                public boolean recognisesLoginUrl(URI url) { return false; }
            }
            """;

    private PluginJars() {
    }

    /**
     * Writes {@link #EXAMPLE_JAR} (one provider, built for this SPI), {@link #FUTURE_JAR} (the same, but declaring
     * the next major SPI) and {@link #EMPTY_JAR} (declares none) into {@code dir}.
     */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("keyport-plugin-src-");
        Path source = work.resolve("org/example/keyport/ExampleIdpProvider.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        compile(work, source);
        byte[] providerClass = Files.readAllBytes(work.resolve("classes/org/example/keyport/ExampleIdpProvider.class"));
        writeProviderJar(dir.resolve(EXAMPLE_JAR), "org.example.keyport.ExampleIdpProvider", providerClass,
                SpiVersion.asString());
        writeProviderJar(dir.resolve(FUTURE_JAR), "org.example.keyport.ExampleIdpProvider", providerClass,
                (SpiVersion.MAJOR + 1) + ".0");
        Path clashSource = work.resolve("org/example/clash/FakeOkta.java");
        Files.createDirectories(clashSource.getParent());
        Files.writeString(clashSource, CLASHING_SOURCE);
        compile(work, clashSource);
        writeProviderJar(dir.resolve(CLASHING_JAR), "org.example.clash.FakeOkta",
                Files.readAllBytes(work.resolve("classes/org/example/clash/FakeOkta.class")), SpiVersion.asString());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(EMPTY_JAR)))) {
            add(jar, "README.txt", "no provider here".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void compile(Path work, Path source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("Building the test plugin needs a JDK (javax.tools), not a JRE");
        }
        int rc = javac.run(null, null, null, "--release", "17", "-classpath", spiLocation(), "-d",
                work.resolve("classes").toString(), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for the test plugin " + source.getFileName());
        }
    }

    private static void writeProviderJar(Path file, String className, byte[] providerClass, String spiVersion)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, EXAMPLE_VERSION);
        manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            add(jar, className.replace('.', '/') + ".class", providerClass);
            add(jar, "META-INF/services/" + IdpProvider.class.getName(),
                    (className + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(content);
        jar.closeEntry();
    }

    private static String spiLocation() {
        try {
            return Path.of(IdpProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
