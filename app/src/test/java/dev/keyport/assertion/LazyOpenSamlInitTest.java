package dev.keyport.assertion;

import dev.keyport.testkit.SamlFixtureBuilder;
import dev.keyport.testkit.SamlFixtures;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSAML must not be touched until the first read. Other tests in this JVM may already have read assertions, so
 * the check runs against fresh copies of Keyport and OpenSAML classes in an isolated class loader that records every
 * class it is asked for.
 */
class LazyOpenSamlInitTest {
    private static final String[] ISOLATED = {"dev.keyport.", "org.opensaml.", "net.shibboleth."};

    /** Child-first for Keyport and OpenSAML classes, parent-first for everything else; records what it loads. */
    static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            for (String prefix : ISOLATED) {
                if (name.startsWith(prefix)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        if (c == null) {
                            c = findClass(name);
                        }
                        if (resolve) {
                            resolveClass(c);
                        }
                        return c;
                    }
                }
            }
            return super.loadClass(name, resolve);
        }

        boolean touchedOpenSaml() {
            return requested.stream().anyMatch(n -> n.startsWith("org.opensaml.") || n.startsWith("net.shibboleth."));
        }
    }

    private static RecordingLoader isolatedLoader() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new RecordingLoader(urls.toArray(URL[]::new), LazyOpenSamlInitTest.class.getClassLoader());
    }

    private static Object call(Class<?> type, String method) throws Exception {
        Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(null);
    }

    private static <T> T withContextLoader(ClassLoader loader, Callable<T> action) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Test
    void creatingTheReaderDoesNotInitialiseOpenSamlButTheFirstReadDoes() throws Exception {
        String base64 = new SamlFixtureBuilder(Instant.now())
                .roleAttribute(SamlFixtures.ROLE_A + "," + SamlFixtures.IDP_A).base64();
        try (RecordingLoader loader = isolatedLoader()) {
            Class<?> readerClass = Class.forName(SamlAssertionReader.class.getName(), true, loader);
            assertNotSame(SamlAssertionReader.class, readerClass, "the test needs a fresh copy");
            Object reader = readerClass.getConstructor(long.class).newInstance(1024L * 1024L);
            assertFalse(loader.touchedOpenSaml(), "creating the reader loaded OpenSAML classes: "
                    + loader.requested.stream().filter(n -> n.startsWith("org.opensaml.")).limit(5).toList());

            Class<?> bootstrap = Class.forName(OpenSamlBootstrap.class.getName(), true, loader);
            assertEquals(Boolean.FALSE, call(bootstrap, "isInitialized"));
            assertEquals(0, call(bootstrap, "initializationRuns"));
            Class<?> configService = Class.forName("org.opensaml.core.config.ConfigurationService", true, loader);
            Class<?> registry = Class.forName("org.opensaml.core.xml.config.XMLObjectProviderRegistry", true, loader);
            Method get = configService.getMethod("get", Class.class);
            assertNull(withContextLoader(loader, () -> get.invoke(null, registry)), "OpenSAML's registry exists before the first read");

            Object assertion = withContextLoader(ClassLoader.getPlatformClassLoader(),
                    () -> readerClass.getMethod("read", String.class).invoke(reader, base64));
            assertTrue(assertion.toString().contains(SamlFixtures.ROLE_A), assertion.toString());

            assertTrue(loader.touchedOpenSaml(), "the recorder sees OpenSAML once it is used");
            assertEquals(Boolean.TRUE, call(bootstrap, "isInitialized"));
            assertEquals(1, call(bootstrap, "initializationRuns"));
            assertNotNull(withContextLoader(loader, () -> get.invoke(null, registry)), "OpenSAML's registry after the first read");

            readerClass.getMethod("read", String.class).invoke(reader, base64);
            assertEquals(1, call(bootstrap, "initializationRuns"), "initialised once");
        }
    }

    @Test
    void concurrentFirstReadsInitialiseOnce() throws Exception {
        String base64 = new SamlFixtureBuilder(Instant.now())
                .roleAttribute(SamlFixtures.ROLE_A + "," + SamlFixtures.IDP_A).base64();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RecordingLoader loader = isolatedLoader()) {
            Class<?> readerClass = Class.forName(SamlAssertionReader.class.getName(), true, loader);
            Object reader = readerClass.getConstructor(long.class).newInstance(1024L * 1024L);
            Method read = readerClass.getMethod("read", String.class);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return read.invoke(reader, base64);
                    } catch (InvocationTargetException e) {
                        throw new AssertionError(e.getCause());
                    }
                }));
            }
            start.countDown();
            for (Future<Object> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS).toString().contains(SamlFixtures.ROLE_A));
            }
            Class<?> bootstrap = Class.forName(OpenSamlBootstrap.class.getName(), true, loader);
            assertEquals(1, call(bootstrap, "initializationRuns"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadInThisClassLoaderLeavesOpenSamlInitialised() {
        new SamlAssertionReader(1024 * 1024).read(new SamlFixtureBuilder(Instant.now()).base64());
        assertTrue(OpenSamlBootstrap.isInitialized());
        assertEquals(1, OpenSamlBootstrap.initializationRuns());
    }
}
