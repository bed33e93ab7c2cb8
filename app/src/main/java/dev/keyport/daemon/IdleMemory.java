package dev.keyport.daemon;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gives memory back to the system once the daemon has gone quiet. The daemon spends its life waiting, but a burst (five
 * hundred sessions started at once, a sign-in that parsed a large assertion) grows the heap, and the serial collector
 * returns heap only after a full collection, which a quiet daemon never reaches on its own. So, every
 * {@code keyport.memory.idle-check} (default one minute), if the daemon received almost no requests since the last
 * look (no burst under way) and the heap has grown well past what the last such collection left, one full collection
 * runs; the launcher's {@code -XX:MaxHeapFreeRatio} then lets the JVM uncommit what is free. A daemon whose heap
 * stays put is left alone. (Quiet is judged by requests, not by the used heap: a quiet daemon's own timers leave
 * garbage that grows the used heap between looks as surely as a burst does.)
 */
@Singleton
public class IdleMemory {
    private static final Logger LOG = Logger.getLogger(IdleMemory.class);
    /** A heap this small is never worth a collection of its own. */
    static final long FLOOR_BYTES = 32L * 1024 * 1024;
    /** Growth of the heap since the last collection here that makes another one worth running. */
    static final long SLACK_BYTES = 16L * 1024 * 1024;
    /** The free share of the heap a quiet daemon keeps after its collection: room for the next few requests. */
    static final int IDLE_FREE_PERCENT = 20;
    /** Requests between two looks that still count as quiet (a CLI command or two, a credential_process call). */
    static final long QUIET_REQUESTS = 10;

    private final Duration period;
    private ScheduledExecutorService timer;
    private final LongAdder requests = new LongAdder();
    private long requestsBefore;
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

    /** Counts one HTTP request received (the API's access filter sees every one). */
    public void requestReceived() {
        requests.increment();
    }

    private void check() {
        long seen = requests.sum();
        boolean quiet = isQuiet(seen - requestsBefore);
        requestsBefore = seen;
        Runtime runtime = Runtime.getRuntime();
        long held = runtime.totalMemory();
        if (quiet && shouldCollect(held, heldAfterCollection)) {
            LOG.debugf("Quiet with %d MiB of heap held: collecting to give memory back", held >> 20);
            collectAndShrink();
            heldAfterCollection = runtime.totalMemory();
            LOG.debugf("%d MiB of heap held after the collection", heldAfterCollection >> 20);
        }
    }

    /**
     * One full collection, after which the heap keeps {@link #IDLE_FREE_PERCENT} free: the launcher's
     * {@code -XX:MaxHeapFreeRatio=60} suits a working daemon (it grows the heap ahead of a burst) but would keep 2.5
     * times the live data after it. Both ratios are manageable flags, set for this collection and put back after.
     */
    private static void collectAndShrink() {
        HotSpotDiagnosticMXBean vm;
        String min;
        String max;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            min = vm.getVMOption("MinHeapFreeRatio").getValue();
            max = vm.getVMOption("MaxHeapFreeRatio").getValue();
            vm.setVMOption("MinHeapFreeRatio", "0");
            vm.setVMOption("MaxHeapFreeRatio", String.valueOf(IDLE_FREE_PERCENT));
        } catch (RuntimeException | LinkageError e) {
            // Another JVM, or the flags are not manageable there: a plain collection still returns what it can.
            LOG.debugf("Heap ratios not adjustable (%s); collecting as they are", e.getClass().getSimpleName());
            System.gc();
            return;
        }
        try {
            System.gc();
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max); // raised first: the minimum may not exceed it
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }

    /** Whether a daemon that received {@code requests} requests since the last look is quiet. */
    static boolean isQuiet(long requests) {
        return requests <= QUIET_REQUESTS;
    }

    /** Whether a quiet daemon holding {@code held} bytes of heap should collect, given what the last one left. */
    static boolean shouldCollect(long held, long heldAfterLastCollection) {
        return held > Math.max(FLOOR_BYTES, heldAfterLastCollection + SLACK_BYTES);
    }
}
