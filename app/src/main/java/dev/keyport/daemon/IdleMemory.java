package dev.keyport.daemon;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory back to the system once the daemon has gone quiet. The daemon spends its life waiting, but a burst (five
 * hundred sessions started at once, a sign-in that parsed a large assertion) grows the heap, and the serial collector
 * returns heap only after a full collection, which a quiet daemon never reaches on its own. So, every
 * {@code keyport.memory.idle-check} (default one minute), if the used heap has barely grown since the last look (no
 * burst under way) and the heap has grown well past what the last such collection left, one full collection runs;
 * the launcher's {@code -XX:MaxHeapFreeRatio} then lets the JVM uncommit what is free. A daemon whose heap stays
 * put is left alone.
 */
@Singleton
public class IdleMemory {
    private static final Logger LOG = Logger.getLogger(IdleMemory.class);
    /** A heap this small is never worth a collection of its own. */
    static final long FLOOR_BYTES = 32L * 1024 * 1024;
    /** Growth of the heap since the last collection here that makes another one worth running. */
    static final long SLACK_BYTES = 16L * 1024 * 1024;
    /** Growth of the used heap between two looks that still counts as quiet. */
    static final long QUIET_GROWTH_BYTES = 4L * 1024 * 1024;

    private final Duration period;
    private ScheduledExecutorService timer;
    private long usedBefore = Long.MAX_VALUE;
    private long heldAfterCollection;

    public IdleMemory(@ConfigProperty(name = "keyport.memory.idle-check", defaultValue = "PT1M") Duration period) {
        this.period = period;
    }

    void onStart(@Observes StartupEvent event) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keyport-idle-memory");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check() {
        Runtime runtime = Runtime.getRuntime();
        long held = runtime.totalMemory();
        long used = held - runtime.freeMemory();
        boolean quiet = used - usedBefore < QUIET_GROWTH_BYTES;
        usedBefore = used;
        if (quiet && shouldCollect(held, heldAfterCollection)) {
            LOG.debugf("Quiet with %d MiB of heap held: collecting to give memory back", held >> 20);
            System.gc();
            heldAfterCollection = runtime.totalMemory();
            usedBefore = heldAfterCollection - runtime.freeMemory();
        }
    }

    /** Whether a quiet daemon holding {@code held} bytes of heap should collect, given what the last one left. */
    static boolean shouldCollect(long held, long heldAfterLastCollection) {
        return held > Math.max(FLOOR_BYTES, heldAfterLastCollection + SLACK_BYTES);
    }
}
