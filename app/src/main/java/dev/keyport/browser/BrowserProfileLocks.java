package dev.keyport.browser;

import dev.keyport.browser.cdp.ChromiumProcess;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One lock per browser profile, and the threads that close browsers after a capture. Chromium refuses a second
 * instance on a profile, so a profile is held from before its browser starts until that browser has exited. A
 * browser that is only closing after a capture still holds its profile, so the next login on it, a logout (which
 * wipes it) and {@link #awaitIdle} wait for that browser here. How long a login or a logout is willing to wait, and
 * what it says when it gives up, is up to {@link BrowserLogin}.
 */
final class BrowserProfileLocks {
    private final ConcurrentMap<Path, Semaphore> locks = new ConcurrentHashMap<>();
    /**
     * Closes browsers after a capture. Chromium takes a second or more to exit, and nothing in the start needs to
     * wait for it; the profile stays locked until the browser is gone, since Chromium refuses a second instance on it.
     */
    private final ExecutorService closer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keyport-browser-close");
        t.setDaemon(true);
        return t;
    });

    /** The profile's lock (one permit), made on first use and kept: profiles are few, one per SAML URL. */
    Semaphore lockFor(Path profile) {
        return locks.computeIfAbsent(profile, p -> new Semaphore(1));
    }

    /**
     * Closes the browser on a closer thread and releases the profile's lock once it has exited.
     *
     * @return false, with nothing done, when the daemon is stopping: the caller then closes the browser and releases
     *         the lock itself
     */
    boolean closeInBackground(ChromiumProcess browser, Semaphore lock) {
        try {
            closer.execute(() -> {
                try {
                    browser.close();
                } finally {
                    lock.release();
                }
            });
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    /** Returns once no browser uses the profile (one closing after a capture has exited). */
    void awaitIdle(Path profile) throws InterruptedException {
        Semaphore lock = lockFor(profile);
        lock.acquire();
        lock.release();
    }

    /** Lets the browsers still closing finish (for a few seconds at most), and takes no more. */
    void shutdown() {
        closer.shutdown();
        try {
            closer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
