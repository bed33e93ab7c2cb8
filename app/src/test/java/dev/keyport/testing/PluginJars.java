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
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds drop-in plugin jars during the test, the way a third party would: compiled against keyport-spi only, with
 * nothing of Keyport inside the jar.
 */
public final class PluginJars {
    /** The sample provider's jar, named as its own pom would name it. */
    public static final String EXAMPLE_JAR = "keyport-simplesamlphp-provider-1.0.0.jar";
    public static final String EMPTY_JAR = "no-provider.jar";
    public static final String FUTURE_JAR = "built-for-spi-2.jar";
    public static final String CLASHING_JAR = "claims-okta.jar";
    /** The sample provider again, but writable by every user: set aside, since anyone could change its code. */
    public static final String WRITABLE_JAR = "writable-by-others.jar";
    /** A provider compiled against the released SPI 1.2 that uses what 1.3 deprecated: it must still load and link. */
    public static final String OLD_SPI_JAR = "built-for-spi-1.2.jar";
    public static final String OLD_SPI_ID = "old-spi";
    /** What the old provider calls itself once it has linked against SessionSummary's 1.2 surface. */
    public static final String OLD_SPI_NAME = "Built for SPI 1.2 (credentialProcess=null)";
    /** The released SPI 1.2, kept in the repository as the baseline of the compatibility check. */
    static final String SPI_1_2 = "spi/compat/keyport-spi-1.2.jar";
    public static final String EXAMPLE_VERSION = "1.0.0";
    public static final String EXAMPLE_ID = "simplesamlphp";
    /** The sample provider's source tree: a standalone project, outside the reactor and the app's class path. */
    static final String SAMPLE_DIR = "samples/simplesamlphp-provider";
    private static final String SAMPLE_CLASS = "org.example.keyport.simplesamlphp.SimpleSamlPhpProvider";

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

    /** Compiled against SPI 1.2: the 8-argument SessionSummary and its credentialProcess() accessor. */
    private static final String OLD_SPI_SOURCE = """
            package org.example.old;

            import dev.keyport.spi.IdpProvider;
            import dev.keyport.spi.SessionSummary;
            import java.net.URI;

            public final class OldProvider implements IdpProvider {
                private final String name;

                public OldProvider() {
                    SessionSummary s = new SessionSummary("i", "a", "p", "r", "ro", "idp", "old-spi", "keyport x");
                    name = "Built for SPI 1.2 (credentialProcess=" + s.credentialProcess() + ")";
                }

                public String id() { return "old-spi"; }
                public String displayName() { return name; }
                public boolean recognisesLoginUrl(URI url) { return false; }
            }
            """;

    private PluginJars() {
    }

    /**
     * Writes {@link #EXAMPLE_JAR} (one provider, built for this SPI), {@link #FUTURE_JAR} (the same, but declaring
     * the next major SPI), {@link #CLASHING_JAR}, {@link #OLD_SPI_JAR}, {@link #EMPTY_JAR} (declares none) and
     * {@link #WRITABLE_JAR} into
     * {@code dir}.
     */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("keyport-plugin-src-");
        try {
            writeJars(dir, work);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void writeJars(Path dir, Path work) throws IOException {
        Path sample = sampleDir();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(sample.resolve("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        compile(work, sources.toArray(Path[]::new));
        byte[] providerClass = Files.readAllBytes(work.resolve("classes/" + SAMPLE_CLASS.replace('.', '/') + ".class"));
        String services = Files.readString(sample.resolve("src/main/resources/META-INF/services/"
                + IdpProvider.class.getName()));
        if (!services.strip().equals(SAMPLE_CLASS)) {
            throw new IllegalStateException("The sample's services file must list " + SAMPLE_CLASS);
        }
        writeProviderJar(dir.resolve(EXAMPLE_JAR), SAMPLE_CLASS, providerClass, SpiVersion.asString());
        writeProviderJar(dir.resolve(FUTURE_JAR), SAMPLE_CLASS, providerClass, (SpiVersion.MAJOR + 1) + ".0");
        Path clashSource = work.resolve("org/example/clash/FakeOkta.java");
        Files.createDirectories(clashSource.getParent());
        Files.writeString(clashSource, CLASHING_SOURCE);
        compile(work, clashSource);
        writeProviderJar(dir.resolve(CLASHING_JAR), "org.example.clash.FakeOkta",
                Files.readAllBytes(work.resolve("classes/org/example/clash/FakeOkta.class")), SpiVersion.asString());
        Path oldSource = work.resolve("org/example/old/OldProvider.java");
        Files.createDirectories(oldSource.getParent());
        Files.writeString(oldSource, OLD_SPI_SOURCE);
        compileAgainst(work, repositoryFile(SPI_1_2).toString(), oldSource);
        writeProviderJar(dir.resolve(OLD_SPI_JAR), "org.example.old.OldProvider",
                Files.readAllBytes(work.resolve("classes/org/example/old/OldProvider.class")), "1.2");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(EMPTY_JAR)))) {
            add(jar, "README.txt", "no provider here".getBytes(StandardCharsets.UTF_8));
        }
        Files.copy(dir.resolve(EXAMPLE_JAR), dir.resolve(WRITABLE_JAR));
        Files.setPosixFilePermissions(dir.resolve(WRITABLE_JAR),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    /** The sample project, found from the test's working directory (the module) upwards. */
    static Path sampleDir() {
        return repositoryFile(SAMPLE_DIR);
    }

    /** A file of the repository, found from the test's working directory (the module) upwards. */
    static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " was not found above " + Path.of("").toAbsolutePath());
    }

    private static void compile(Path work, Path... sources) {
        compileAgainst(work, spiLocation(), sources);
    }

    private static void compileAgainst(Path work, String spi, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("Building the test plugin needs a JDK (javax.tools), not a JRE");
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", spi, "-d",
                work.resolve("classes").toString()));
        for (Path source : sources) {
            args.add(source.toString());
        }
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed for the test plugin " + List.of(sources));
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
