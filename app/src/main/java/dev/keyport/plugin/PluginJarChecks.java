package dev.keyport.plugin;

import dev.keyport.api.home.Ownership;
import dev.keyport.spi.SpiVersion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What the registry checks about a plugin jar before any of its code runs: who could have written it, and which SPI
 * it was built for. Each check answers with the reason a person reads (and the fix), or nothing when the jar passes.
 */
final class PluginJarChecks {
    private PluginJarChecks() {
    }

    /**
     * Why a plugin jar cannot be trusted, if it cannot: it (or, for a symlink, the file it points to) belongs to
     * another user or is writable by others, who could then change code that runs inside the daemon.
     */
    static Optional<String> untrustedJar(Path jar) {
        if (!Ownership.supported(jar)) {
            return Optional.empty();
        }
        try {
            Path real = jar.toRealPath();
            if (!Ownership.ownedByUserOrRoot(real)) {
                return Optional.of("The jar belongs to another user (uid " + Ownership.uid(real) + "), who could"
                        + " change the code Keyport would run. Fix: chown " + Ownership.currentUserName() + " '"
                        + real + "', or remove it.");
            }
            if (Ownership.writableByOthers(real)) {
                return Optional.of("The jar is writable by other users, who could change the code Keyport would run."
                        + " Fix: chmod go-w '" + real + "'.");
            }
            if (!real.getParent().equals(jar.toAbsolutePath().getParent().toRealPath())) {
                return Ownership.untrustedFolder(real.getParent(), "The folder of the jar's link target");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot check who owns the jar (" + e.getClass().getSimpleName() + ").");
        }
    }

    static Attributes manifestOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? new Attributes() : manifest.getMainAttributes();
        }
    }

    /**
     * Why a plugin built for {@code declared} cannot run here, if it cannot: another major version, or a newer minor
     * one (it may call methods this host lacks). A jar that does not say is given the benefit of the doubt.
     */
    static Optional<String> spiIncompatibility(String declared) {
        if (declared == null || declared.isBlank()) {
            return Optional.empty();
        }
        String host = SpiVersion.asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(\\..*)?").matcher(declared.trim());
        if (!m.matches()) {
            return Optional.of("Its manifest says " + SpiVersion.MANIFEST_ATTRIBUTE + ": " + declared.trim()
                    + ", which is not a version like " + host + ".");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major != SpiVersion.MAJOR || minor > SpiVersion.MINOR) {
            return Optional.of("It was built for Keyport SPI " + major + "." + minor + ", but this Keyport provides SPI "
                    + host + ". Use a build of the plugin for SPI " + SpiVersion.MAJOR + ".x (x up to "
                    + SpiVersion.MINOR + "), or a Keyport that provides SPI " + major + "." + minor + ".");
        }
        return Optional.empty();
    }

    /** The jars in the plugins folder, in name order; a folder that cannot be read is reported in {@code infos}. */
    static List<Path> jars(Path dir, List<ProviderInfo> infos) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            infos.add(new ProviderInfo(dir.toString(), null, dir.toString(), null, null, false,
                    "Cannot read the plugins folder: " + e.getMessage()));
        }
        jars.sort(Comparator.comparing(Path::toString));
        return jars;
    }
}
