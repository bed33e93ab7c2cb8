package dev.keyport.plugin;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.LoginPrompter;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;
import dev.keyport.spi.SessionEvent;
import dev.keyport.spi.SessionSummary;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin boundary: what a provider's failures, nulls and class loader become on the host's side. */
class GuardedProviderTest {

    /** A provider that throws from every method it can. */
    static class Broken implements IdpProvider {
        final List<String> called = new ArrayList<>();

        @Override
        public String id() {
            return "broken";
        }

        @Override
        public String displayName() {
            throw new IllegalStateException("bug");
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            called.add("recognisesLoginUrl");
            throw new NoSuchMethodError("built against another SPI");
        }

        @Override
        public boolean recognisesIssuer(String issuer) {
            throw new RuntimeException("secret-looking " + issuer);
        }

        @Override
        public List<String> loginPagePatterns() {
            throw new ExceptionInInitializerError("static init failed");
        }

        @Override
        public String normaliseRoleValue(String value) {
            throw new IllegalArgumentException(value);
        }

        @Override
        public Map<String, String> attributeAliases() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> assertionConsumerPatterns() {
            throw new AssertionError("an assert in provider code");
        }

        @Override
        public boolean isPlaceholderRoleValue(String value) {
            return isPlaceholderRoleValue(value);
        }

        @Override
        public void onSessionEvent(SessionEvent event) {
            throw new IllegalStateException("cannot handle " + event.kind());
        }
    }

    /** A provider that answers null wherever it can. */
    static class Nulls implements IdpProvider {
        @Override
        public String id() {
            return "nulls";
        }

        @Override
        public String displayName() {
            return null;
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            return true;
        }

        @Override
        public List<String> loginPagePatterns() {
            return null;
        }

        @Override
        public List<String> assertionConsumerPatterns() {
            return java.util.Arrays.asList("https://idp.example/acs", null);
        }

        @Override
        public String normaliseRoleValue(String value) {
            return null;
        }

        @Override
        public Map<String, String> attributeAliases() {
            return null;
        }

        @Override
        public Optional<HeadlessLogin> headlessLogin() {
            return null;
        }
    }

    @Test
    void everyFailureIsTheDefaultAnswerAndNothingEscapes() {
        Broken broken = new Broken();
        GuardedProvider guarded = GuardedProvider.guard(broken, "/plugins/broken.jar");
        assertEquals("broken", guarded.displayName(), "the id stands in for a name that failed");
        assertFalse(guarded.recognisesLoginUrl(URI.create("https://idp.example/saml")));
        assertFalse(guarded.recognisesLoginUrl(URI.create("https://idp.example/saml")));
        assertEquals(2, broken.called.size(), "the provider is still asked each time");
        assertFalse(guarded.recognisesIssuer("https://idp.example"));
        assertEquals(List.of(), guarded.loginPagePatterns());
        assertEquals("arn:aws:iam::1:role/r,arn:aws:iam::1:saml-provider/p",
                guarded.normaliseRoleValue("arn:aws:iam::1:role/r,arn:aws:iam::1:saml-provider/p"));
        assertEquals(Map.of(), guarded.attributeAliases());
        assertEquals(List.of(), guarded.assertionConsumerPatterns());
        assertFalse(guarded.isPlaceholderRoleValue("x"), "endless recursion counts as the default too");
        guarded.onSessionEvent(SessionEvent.of(SessionEvent.Kind.STOPPED,
                new SessionSummary("id", "dev", "dev", "eu-west-1", null, null, "broken")));
    }

    @Test
    void theJvmRunningOutOfMemoryIsNotHiddenBehindADefault() {
        IdpProvider hungry = new IdpProvider() {
            @Override
            public String id() {
                return "hungry";
            }

            @Override
            public String displayName() {
                return "Hungry";
            }

            @Override
            public boolean recognisesLoginUrl(URI samlUrl) {
                throw new OutOfMemoryError("simulated");
            }
        };
        GuardedProvider guarded = GuardedProvider.guard(hungry, "/plugins/hungry.jar");
        assertThrows(OutOfMemoryError.class, () -> guarded.recognisesLoginUrl(URI.create("https://idp.example/")));
    }

    @Test
    void nullMeansTheDefault() {
        GuardedProvider guarded = GuardedProvider.guard(new Nulls(), "classpath");
        assertEquals("nulls", guarded.displayName());
        assertEquals(List.of(), guarded.loginPagePatterns());
        assertEquals(List.of("https://idp.example/acs"), guarded.assertionConsumerPatterns());
        assertEquals("value", guarded.normaliseRoleValue("value"));
        assertEquals(Map.of(), guarded.attributeAliases());
        assertEquals(Optional.empty(), guarded.headlessLogin());
    }

    @Test
    void providerCodeRunsWithItsOwnClassLoaderAsContextLoader() throws Exception {
        try (URLClassLoader pluginLoader = new URLClassLoader("plugin", new URL[0], getClass().getClassLoader())) {
            ClassLoader[] seen = new ClassLoader[2];
            IdpProvider provider = new Nulls() {
                @Override
                public boolean recognisesLoginUrl(URI samlUrl) {
                    seen[0] = Thread.currentThread().getContextClassLoader();
                    return true;
                }

                @Override
                public Optional<HeadlessLogin> headlessLogin() {
                    // Written as an SPI 1.2 provider was: only the two-argument form.
                    return Optional.of(new HeadlessLogin() {
                        @Override
                        public String obtainSamlResponse(URI url, LoginPrompter prompter) {
                            seen[1] = Thread.currentThread().getContextClassLoader();
                            return "PHNhbWxwOlJlc3BvbnNlLz4=";
                        }
                    });
                }
            };
            ClassLoader hosts = Thread.currentThread().getContextClassLoader();
            GuardedProvider guarded = GuardedProvider.guard(provider, "classpath");
            assertTrue(guarded.recognisesLoginUrl(URI.create("https://idp.example/saml")));
            assertEquals("PHNhbWxwOlJlc3BvbnNlLz4=", guarded.headlessLogin().orElseThrow()
                    .obtainSamlResponse(context("https://idp.example/saml")));
            assertSame(provider.getClass().getClassLoader(), seen[0]);
            assertSame(provider.getClass().getClassLoader(), seen[1]);
            assertSame(hosts, Thread.currentThread().getContextClassLoader(), "the host's loader is back");
        }
    }

    @Test
    void aHeadlessLoginThatBreaksIsAKeyportErrorNamingTheProviderButAKeyportErrorPassesAsItIs() {
        KeyportException wrongPassword = new KeyportException(ErrorCategory.REJECTED, "wrong password");
        IdpProvider provider = new Nulls() {
            @Override
            public Optional<HeadlessLogin> headlessLogin() {
                return Optional.of(new HeadlessLogin() {
                    @Override
                    public String obtainSamlResponse(Context context) {
                        if (context.samlUrl().getPath().contains("bad")) {
                            throw wrongPassword;
                        }
                        throw new NullPointerException("token=abc123");
                    }
                });
            }
        };
        HeadlessLogin login = GuardedProvider.guard(provider, "/plugins/p.jar").headlessLogin().orElseThrow();
        assertSame(wrongPassword, assertThrows(KeyportException.class,
                () -> login.obtainSamlResponse(context("https://idp.example/bad"))));
        KeyportException e = assertThrows(KeyportException.class,
                () -> login.obtainSamlResponse(context("https://idp.example/saml")));
        assertEquals(ErrorCategory.INTERNAL, e.category());
        assertTrue(e.getMessage().contains("/plugins/p.jar") && e.getMessage().contains("NullPointerException"),
                e.getMessage());
        assertFalse(e.getMessage().contains("abc123"), "the provider's own message is not repeated");
    }

    @Test
    void settingsReachTheProviderOnceAtLoadAndReadOnly() {
        List<ProviderSettings> handed = new ArrayList<>();
        IdpProvider provider = new Nulls() {
            @Override
            public void configure(ProviderSettings settings) {
                handed.add(settings);
            }
        };
        ProviderSettingsView settings = new ProviderSettingsView(Map.of("login-page-patterns", "/a\\,b/.*, /c/ ,",
                "tenant", "acme"));
        GuardedProvider guarded = new GuardedProvider(provider, "nulls", "classpath", settings);
        guarded.configure(ProviderSettings.none());
        assertEquals(List.of(settings), handed, "configured once, at load");
        assertEquals(List.of("/a,b/.*", "/c/"), settings.list("login-page-patterns"));
        assertEquals(Optional.of("acme"), settings.get("tenant"));
        assertThrows(UnsupportedOperationException.class, () -> settings.names().add("more"));
        assertEquals("ProviderSettings[login-page-patterns, tenant]", settings.toString());
        assertTrue(guarded.configured());
    }

    @Test
    void aProviderThatCannotTakeItsSettingsIsMarkedSoBeforeAnythingElseIsAsked() {
        List<String> calls = new ArrayList<>();
        IdpProvider provider = new Nulls() {
            @Override
            public void configure(ProviderSettings settings) {
                calls.add("configure");
                throw new IllegalArgumentException("tenant missing");
            }

            @Override
            public String displayName() {
                calls.add("displayName");
                return "Picky";
            }
        };
        GuardedProvider guarded = new GuardedProvider(provider, "nulls", "/plugins/picky.jar", ProviderSettings.none());
        assertFalse(guarded.configured(), "the registry sets it aside");
        assertEquals(List.of("configure", "displayName"), calls, "configure comes first");
    }

    private static HeadlessLogin.Context context(String samlUrl) {
        return new HeadlessLogin.Context(URI.create(samlUrl), null, null, null);
    }
}
