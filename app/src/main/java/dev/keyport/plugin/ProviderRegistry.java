package dev.keyport.plugin;

import dev.keyport.assertion.QuirksLookup;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.daemon.Ownership;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SpiVersion;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The IdP providers Keyport knows: the built-in ones on the class path, then one per jar in the plugins folder, each
 * jar in its own {@link PluginClassLoader}. A broken jar is set aside with its reason (shown by
 * {@code GET /api/v1/providers}); the rest keep working. Loaded on first use, off the start-up path.
 */
@Singleton
public class ProviderRegistry {
    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    private final KeyportHome home;
    private final PluginsConfig config;
    private volatile Loaded loaded;

    private record Loaded(Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
    }

    public ProviderRegistry(KeyportHome home, PluginsConfig config) {
        this.home = home;
        this.config = config;
    }

    /**
     * Creates the plugins folder (0700) if it is missing, and refuses to start with one that others could write to:
     * whoever can drop a jar there runs code inside the daemon. Then loads the providers right after start-up, off
     * its path, so problems show up early.
     */
    void onStart(@Observes StartupEvent event) {
        checkPluginsFolder();
        CompletableFuture.runAsync(this::loaded);
    }

    /** @throws KeyportException INVALID_INPUT naming the folder and the command that fixes it */
    void checkPluginsFolder() {
        Path dir = pluginsDir();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            KeyportHome.createPrivateDirectory(dir, "the plugins folder", "Set keyport.plugins.dir to a folder of"
                    + " yours.");
        }
        Optional<String> problem = Ownership.untrustedFolder(dir, "The plugins folder");
        if (problem.isPresent()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, problem.get());
        }
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

    /** Every provider in use, in load order (built-in first). */
    public List<IdpProvider> providers() {
        return List.copyOf(loaded().providers().values());
    }

    /** Every provider seen, including the ones set aside. */
    public List<ProviderInfo> describe() {
        return loaded().infos();
    }

    public Optional<IdpProvider> byId(String id) {
        return Optional.ofNullable(loaded().providers().get(id));
    }

    /** The provider that recognises a SAML login URL, if exactly one does. */
    public Optional<IdpProvider> detectFromLoginUrl(URI samlUrl) {
        return unique(recognising(samlUrl));
    }

    /**
     * Which provider serves a SAML URL and why: the one that recognises it, else the {@link GenericProvider} with the
     * reason (none or several recognised it).
     */
    public Selection select(URI samlUrl) {
        List<IdpProvider> matches = recognising(samlUrl);
        String host = samlUrl.getHost();
        if (matches.size() == 1) {
            return new Selection(matches.get(0), "detected: " + matches.get(0).displayName() + " recognises " + host);
        }
        IdpProvider generic = byId(GenericProvider.ID).orElseThrow();
        if (matches.isEmpty()) {
            return new Selection(generic, "no provider recognises " + host + ": generic sign-in page patterns apply;"
                    + " set providerId, or add loginPagePatterns to the session");
        }
        return new Selection(generic, "several providers recognise " + host + " ("
                + String.join(", ", matches.stream().map(IdpProvider::id).toList())
                + "): generic sign-in page patterns apply; set providerId to choose one");
    }

    /** A provider chosen for a session, with the reason a person can read. */
    public record Selection(IdpProvider provider, String reason) {
    }

    private List<IdpProvider> recognising(URI samlUrl) {
        return providers().stream().filter(p -> safely(() -> p.recognisesLoginUrl(samlUrl))).toList();
    }

    /**
     * Whose assertion quirks apply to an assertion read for a session of {@code providerId}: that provider, unless it
     * is the generic one (or unknown); then the provider that recognises the assertion's issuer, if exactly one does.
     * With a null id (inspect, discovery) the issuer alone decides.
     */
    public QuirksLookup quirksFor(String providerId) {
        Optional<IdpProvider> chosen = providerId == null || GenericProvider.ID.equals(providerId)
                ? Optional.empty() : byId(providerId);
        return issuer -> chosen.isPresent() ? chosen : detectFromIssuer(issuer);
    }

    /** The provider that recognises an assertion issuer, if exactly one does. */
    public Optional<IdpProvider> detectFromIssuer(String issuer) {
        if (issuer == null || issuer.isBlank()) {
            return Optional.empty();
        }
        return unique(providers().stream().filter(p -> safely(() -> p.recognisesIssuer(issuer))).toList());
    }

    private static Optional<IdpProvider> unique(List<IdpProvider> matches) {
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** A provider's recognition code is third-party code: a failure there means "not mine", not a daemon error. */
    private static boolean safely(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = load();
                    loaded = current;
                }
            }
        }
        return current;
    }

    private Loaded load() {
        Map<String, IdpProvider> providers = new LinkedHashMap<>();
        List<ProviderInfo> infos = new ArrayList<>();
        ClassLoader hostLoader = IdpProvider.class.getClassLoader();
        register(new GenericProvider(), "built-in", null, null, providers, infos);
        for (ServiceLoader.Provider<IdpProvider> candidate : ServiceLoader.load(IdpProvider.class, hostLoader).stream().toList()) {
            Package pkg = candidate.type().getPackage();
            register(candidate.get(), "classpath", pkg == null ? null : pkg.getImplementationVersion(), null, providers, infos);
        }
        Path dir = pluginsDir();
        for (Path jar : jars(dir, infos)) {
            loadJar(jar, hostLoader, providers, infos);
        }
        return new Loaded(Collections.unmodifiableMap(providers), List.copyOf(infos));
    }

    private void loadJar(Path jar, ClassLoader hostLoader, Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
        String source = jar.toString();
        String name = jar.getFileName().toString();
        Optional<String> untrusted = untrustedJar(jar);
        if (untrusted.isPresent()) {
            LOG.warnf("Plugin %s set aside: %s", jar, untrusted.get());
            infos.add(new ProviderInfo(name, null, source, null, null, false, untrusted.get()));
            return;
        }
        try {
            Attributes manifest = manifestOf(jar);
            String version = manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            String spiVersion = manifest.getValue(SpiVersion.MANIFEST_ATTRIBUTE);
            Optional<String> incompatible = spiIncompatibility(spiVersion);
            if (incompatible.isPresent()) {
                LOG.warnf("Plugin %s set aside: %s", jar, incompatible.get());
                infos.add(new ProviderInfo(name, null, source, version, spiVersion, false, incompatible.get()));
                return;
            }
            PluginClassLoader loader = new PluginClassLoader("keyport-plugin:" + jar.getFileName(), jar.toUri().toURL(), hostLoader);
            // ServiceLoader also walks the parent chain; keep only what this jar itself declares.
            List<IdpProvider> found = ServiceLoader.load(IdpProvider.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .toList();
            if (found.isEmpty()) {
                infos.add(new ProviderInfo(name, null, source, version, spiVersion, false,
                        "The jar declares no provider: add META-INF/services/" + IdpProvider.class.getName()
                                + " listing the class that implements it."));
                return;
            }
            for (IdpProvider provider : found) {
                register(provider, source, version, spiVersion, providers, infos);
            }
        } catch (IOException | ServiceConfigurationError | LinkageError | RuntimeException e) {
            LOG.warnf("Plugin %s set aside: %s", jar, e.toString());
            infos.add(new ProviderInfo(name, null, source, null, null, false,
                    "Could not load the plugin: " + e + ". Was it built against keyport-spi (scope provided)?"));
        }
    }

    private static Attributes manifestOf(Path jar) throws IOException {
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

    private static void register(IdpProvider provider, String source, String version, String spiVersion,
                                 Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
        String id = provider.id();
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            infos.add(new ProviderInfo(String.valueOf(id), provider.displayName(), source, version, spiVersion, false,
                    "Provider id '" + id + "' is not valid: use 1-64 lower-case letters, digits, '.', '_' or '-'."));
            return;
        }
        if (providers.containsKey(id)) {
            infos.add(new ProviderInfo(id, provider.displayName(), source, version, spiVersion, false,
                    "Another provider already uses the id '" + id + "'; this one was set aside."));
            return;
        }
        providers.put(id, provider);
        infos.add(new ProviderInfo(id, provider.displayName(), source, version, spiVersion, true, null));
        if (source.endsWith(".jar")) {
            LOG.infof("Plugin provider %s (%s, version %s, SPI %s) loaded from %s", id, provider.displayName(),
                    version == null ? "unknown" : version, spiVersion == null ? "unknown" : spiVersion, source);
        } else {
            LOG.debugf("Provider %s (%s) loaded from %s", id, provider.displayName(), source);
        }
    }

    Path pluginsDir() {
        return config.dir().map(KeyportHome::expand).orElseGet(() -> home.resolve("plugins"));
    }

    private static List<Path> jars(Path dir, List<ProviderInfo> infos) {
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
