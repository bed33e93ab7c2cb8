package dev.keyport.plugin;

import dev.keyport.daemon.JvmFailures;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;
import dev.keyport.spi.SessionEvent;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one boundary between Keyport and provider code, built-in or plugin: the registry wraps every provider in one
 * when it loads it, and the rest of Keyport only ever sees the wrapper. Each call runs with the provider's class
 * loader as the thread's context loader (XML and SAML libraries inside a plugin look classes up through it); an
 * exception or error from the provider (linkage, assertion, stack overflow; not the JVM running out of memory) counts
 * as the SPI's default answer and is logged once per method, with
 * the provider id and where it came from (never with the arguments, which may be assertion values); a null answer
 * counts as the default too.
 */
public final class GuardedProvider implements IdpProvider {
    private static final Logger LOG = Logger.getLogger(GuardedProvider.class);
    private static final IdpProvider DEFAULTS = new IdpProvider() {
        @Override
        public String id() {
            return "defaults";
        }

        @Override
        public String displayName() {
            return "defaults";
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            return false;
        }
    };

    private final IdpProvider provider;
    private final String id;
    private final String source;
    private final String displayName;
    private final ProviderSettings settings;
    private final boolean configured;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * @param provider the provider as loaded; its {@link IdpProvider#id()} has been checked by the registry
     * @param source   where it came from ("built-in", "classpath" or the jar's path), for the log
     */
    GuardedProvider(IdpProvider provider, String id, String source, ProviderSettings settings) {
        this.provider = provider;
        this.id = id;
        this.source = source;
        this.settings = settings;
        // The SPI promises configure before any call but id(). A provider that cannot take its settings is not used.
        this.configured = call("configure", () -> {
            provider.configure(settings);
            return Boolean.TRUE;
        }, Boolean.FALSE);
        String name = call("displayName", provider::displayName, id);
        this.displayName = name.isBlank() ? id : name;
    }

    /**
     * Guards a provider loaded outside the registry (tools and tests): no settings, its own id.
     *
     * @param source where it came from, for the log
     */
    public static GuardedProvider guard(IdpProvider provider, String source) {
        String id = ProviderRegistry.idOf(provider);
        return new GuardedProvider(provider, id == null ? "unknown" : id, source, ProviderSettings.none());
    }

    /** Whether the provider took its settings; the registry sets aside one that failed to. */
    boolean configured() {
        return configured;
    }

    /** The provider's settings, as it was handed them. */
    ProviderSettings settings() {
        return settings;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        return call("recognisesLoginUrl", () -> provider.recognisesLoginUrl(samlUrl), false);
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        return call("recognisesIssuer", () -> provider.recognisesIssuer(issuer), DEFAULTS.recognisesIssuer(issuer));
    }

    @Override
    public List<String> loginPagePatterns() {
        return List.copyOf(call("loginPagePatterns", provider::loginPagePatterns, DEFAULTS.loginPagePatterns()).stream()
                .filter(p -> p != null).toList());
    }

    @Override
    public List<String> assertionConsumerPatterns() {
        return List.copyOf(call("assertionConsumerPatterns", provider::assertionConsumerPatterns,
                DEFAULTS.assertionConsumerPatterns()).stream().filter(p -> p != null).toList());
    }

    @Override
    public String normaliseRoleValue(String value) {
        return call("normaliseRoleValue", () -> provider.normaliseRoleValue(value), DEFAULTS.normaliseRoleValue(value));
    }

    @Override
    public boolean isPlaceholderRoleValue(String value) {
        return call("isPlaceholderRoleValue", () -> provider.isPlaceholderRoleValue(value),
                DEFAULTS.isPlaceholderRoleValue(value));
    }

    @Override
    public Map<String, String> attributeAliases() {
        Map<String, String> declared = call("attributeAliases", provider::attributeAliases, Map.of());
        try {
            return Map.copyOf(declared);
        } catch (NullPointerException e) {
            reportOnce("attributeAliases", e);
            return Map.of();
        }
    }

    /** A headless login the provider offers, itself guarded: its failures reach the user as Keyport errors. */
    @Override
    public Optional<HeadlessLogin> headlessLogin() {
        Optional<HeadlessLogin> offered = call("headlessLogin", provider::headlessLogin, Optional.empty());
        return offered.map(login -> new HeadlessLogin() {
            @Override
            public String obtainSamlResponse(Context context) {
                return obtainHeadless(login, context);
            }
        });
    }

    @Override
    public void configure(ProviderSettings settings) {
        // Handed over once, at load (constructor); later calls would let settings change under a running provider.
    }

    @Override
    public void onSessionEvent(SessionEvent event) {
        run("onSessionEvent", () -> provider.onSessionEvent(event));
    }

    private String obtainHeadless(HeadlessLogin login, HeadlessLogin.Context context) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(provider.getClass().getClassLoader());
        try {
            return login.obtainSamlResponse(context);
        } catch (KeyportException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            JvmFailures.rethrowIfJvmFailure(e);
            reportOnce("headlessLogin", e);
            throw new KeyportException(ErrorCategory.INTERNAL, "The " + displayName + " provider (" + source
                    + ") failed to sign in (" + e.getClass().getName() + "); see the daemon log.");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void run(String method, Runnable call) {
        call(method, () -> {
            call.run();
            return Boolean.TRUE;
        }, Boolean.TRUE);
    }

    private <T> T call(String method, Supplier<T> call, T fallback) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(provider.getClass().getClassLoader());
        try {
            T answer = call.get();
            return answer == null ? fallback : answer;
        } catch (RuntimeException | Error e) {
            JvmFailures.rethrowIfJvmFailure(e);
            reportOnce(method, e);
            return fallback;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void reportOnce(String method, Throwable e) {
        if (reported.add(method)) {
            LOG.warnf("Provider %s (%s) failed in %s with %s; its default answer is used (reported once)", id, source,
                    method, e.getClass().getName());
        } else {
            LOG.debugf("Provider %s (%s) failed in %s again with %s", id, source, method, e.getClass().getName());
        }
    }
}
