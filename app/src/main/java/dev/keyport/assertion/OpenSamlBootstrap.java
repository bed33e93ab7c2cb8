package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs OpenSAML's {@code InitializationService.initialize()} once, on the first SAML read, never at class load or
 * daemon start (it costs about 0.7 s and 70 MB). Thread-safe. This class deliberately mentions no OpenSAML type in
 * its signatures or catch clauses, so loading it does not load OpenSAML.
 */
final class OpenSamlBootstrap {
    private static final Object LOCK = new Object();
    private static volatile boolean initialized;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private OpenSamlBootstrap() {
    }

    /** Whether OpenSAML has been initialised by Keyport in this class loader. */
    static boolean isInitialized() {
        return initialized;
    }

    /** How many times the initialisation was attempted (1 after any number of reads, unless it failed). */
    static int initializationRuns() {
        return RUNS.get();
    }

    static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (LOCK) {
            if (initialized) {
                return;
            }
            RUNS.incrementAndGet();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // OpenSAML finds its initializers and configuration files through the context class loader.
            thread.setContextClassLoader(OpenSamlBootstrap.class.getClassLoader());
            try {
                org.opensaml.core.config.InitializationService.initialize();
                initialized = true;
            } catch (Exception e) {
                throw new KeyportException(ErrorCategory.INTERNAL,
                        "The SAML library (OpenSAML) could not be initialised; this is a Keyport bug", e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
