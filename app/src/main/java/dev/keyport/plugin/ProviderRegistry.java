package dev.keyport.plugin;

import dev.keyport.assertion.QuirksLookup;
import dev.keyport.daemon.JvmFailures;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.api.home.Ownership;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;
import dev.keyport.spi.SpiVersion;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.jar.Attributes;

/**
 * The IdP providers Keyport knows: the built-in ones on the class path, then one per jar in the plugins folder, each
 * jar in its own {@link PluginClassLoader}. A broken jar is set aside with its reason (shown by
 * {@code GET /api/v1/providers}); the rest keep working. Loaded on first use, off the start-up path. Every provider
 * handed out is a {@link GuardedProvider}: no other code calls provider code directly.
 */
@Singleton
public class ProviderRegistry {
    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    private final KeyportHome home;
    private final PluginsConfig config;
    private final Function<String, ProviderSettings> settings;
    private volatile Loaded loaded;

    private record Loaded(Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
    }

    /**
     * CDI: each provider gets its {@code keyport.providers.<id>.*} settings. The mappings are injected so that the
     * settings are validated as configuration; the view reads them from the configuration itself.
     */
    @Inject
    public ProviderRegistry(KeyportHome home, PluginsConfig config, Config settings, ProviderSettingsConfig declared,
                            SignInPatternsConfig olderNames) {
        this(home, config, id -> ProviderSettingsView.of(settings, id));
    }

    /** Providers without settings (tests). */
    public ProviderRegistry(KeyportHome home, PluginsConfig config) {
        this(home, config, id -> ProviderSettings.none());
    }

    ProviderRegistry(KeyportHome home, PluginsConfig config, Function<String, ProviderSettings> settings) {
        this.home = home;
        this.config = config;
        this.settings = settings;
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

    /** The settings provider {@code id} was handed at load ({@code keyport.providers.<id>.*}). */
    public Optional<ProviderSettings> settingsOf(String id) {
        return byId(id).map(p -> ((GuardedProvider) p).settings());
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
        return providers().stream().filter(p -> p.recognisesLoginUrl(samlUrl)).toList();
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
        return unique(providers().stream().filter(p -> p.recognisesIssuer(issuer)).toList());
    }

    private static Optional<IdpProvider> unique(List<IdpProvider> matches) {
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
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
        for (ServiceLoader.Provider<IdpProvider> candidate : classpathProviders(hostLoader, infos)) {
            Package pkg = candidate.type().getPackage();
            instantiate(candidate, candidate.type().getName(), infos).ifPresent(provider -> register(provider,
                    "classpath", pkg == null ? null : pkg.getImplementationVersion(), null, providers, infos));
        }
        Path dir = pluginsDir();
        for (Path jar : PluginJarChecks.jars(dir, infos)) {
            loadJar(jar, hostLoader, providers, infos);
        }
        return new Loaded(Collections.unmodifiableMap(providers), List.copyOf(infos));
    }

    private void loadJar(Path jar, ClassLoader hostLoader, Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
        String source = jar.toString();
        String name = jar.getFileName().toString();
        Optional<String> untrusted = PluginJarChecks.untrustedJar(jar);
        if (untrusted.isPresent()) {
            LOG.warnf("Plugin %s set aside: %s", jar, untrusted.get());
            infos.add(new ProviderInfo(name, null, source, null, null, false, untrusted.get()));
            return;
        }
        try {
            Attributes manifest = PluginJarChecks.manifestOf(jar);
            String version = manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            String spiVersion = manifest.getValue(SpiVersion.MANIFEST_ATTRIBUTE);
            Optional<String> incompatible = PluginJarChecks.spiIncompatibility(spiVersion);
            if (incompatible.isPresent()) {
                LOG.warnf("Plugin %s set aside: %s", jar, incompatible.get());
                infos.add(new ProviderInfo(name, null, source, version, spiVersion, false, incompatible.get()));
                return;
            }
            PluginClassLoader loader = new PluginClassLoader("keyport-plugin:" + jar.getFileName(), jar.toUri().toURL(), hostLoader);
            // ServiceLoader also walks the parent chain; keep only what this jar itself declares.
            List<IdpProvider> found = ServiceLoader.load(IdpProvider.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(p -> instantiate(p, source, infos))
                    .flatMap(Optional::stream)
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
        } catch (IOException | RuntimeException | Error e) {
            JvmFailures.rethrowIfJvmFailure(e);
            LOG.warnf("Plugin %s set aside: %s", jar, e.toString());
            infos.add(new ProviderInfo(name, null, source, null, null, false,
                    "Could not load the plugin: " + e + ". Was it built against keyport-spi (scope provided)?"));
        }
    }

    private void register(IdpProvider loaded, String source, String version, String spiVersion,
                          Map<String, IdpProvider> providers, List<ProviderInfo> infos) {
        String id = idOf(loaded);
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            infos.add(new ProviderInfo(String.valueOf(id), null, source, version, spiVersion, false,
                    "Provider id '" + id + "' is not valid: use 1-64 lower-case letters, digits, '.', '_' or '-'."));
            return;
        }
        if (providers.containsKey(id)) {
            infos.add(new ProviderInfo(id, null, source, version, spiVersion, false,
                    "Another provider already uses the id '" + id + "'; this one was set aside."));
            return;
        }
        GuardedProvider provider = new GuardedProvider(loaded, id, source, settings.apply(id));
        if (!provider.configured()) {
            infos.add(new ProviderInfo(id, provider.displayName(), source, version, spiVersion, false,
                    "The provider failed to take its settings (keyport.providers." + id + ".*); see the daemon log."));
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

    /** The providers the class path declares; a broken services file is reported and skipped, not thrown. */
    private static List<ServiceLoader.Provider<IdpProvider>> classpathProviders(ClassLoader loader,
                                                                                List<ProviderInfo> infos) {
        try {
            return ServiceLoader.load(IdpProvider.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            LOG.warnf("The class path's provider declarations are broken: %s", e.getClass().getName());
            infos.add(new ProviderInfo("classpath", null, "classpath", null, null, false,
                    "A META-INF/services/" + IdpProvider.class.getName() + " on the class path is broken ("
                            + e.getClass().getName() + "); its providers were not loaded."));
            return List.of();
        }
    }

    /**
     * Creates a provider (its constructor is provider code) with its own class loader as context loader; one whose
     * constructor fails is set aside with the reason, and the others load.
     */
    private static Optional<IdpProvider> instantiate(ServiceLoader.Provider<IdpProvider> candidate, String source,
                                                     List<ProviderInfo> infos) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(candidate.type().getClassLoader());
        try {
            return Optional.of(candidate.get());
        } catch (RuntimeException | Error e) { // ServiceConfigurationError and LinkageError among them
            JvmFailures.rethrowIfJvmFailure(e);
            LOG.warnf("Provider %s from %s set aside: %s", candidate.type().getName(), source, e.getClass().getName());
            infos.add(new ProviderInfo(candidate.type().getName(), null, source, null, null, false,
                    "Could not create the provider (" + e.getClass().getName() + "). Was it built against keyport-spi"
                            + " (scope provided)?"));
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The provider's id, the one call made before it is guarded; null when it fails. */
    static String idOf(IdpProvider provider) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(provider.getClass().getClassLoader());
        try {
            return provider.id();
        } catch (RuntimeException | Error e) {
            JvmFailures.rethrowIfJvmFailure(e);
            LOG.warnf("Provider %s failed to say its id (%s); set aside", provider.getClass().getName(),
                    e.getClass().getName());
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    Path pluginsDir() {
        return config.dir().map(KeyportHome::expand).orElseGet(() -> home.resolve("plugins"));
    }
}
