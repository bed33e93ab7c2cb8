package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;
import dev.keyport.spi.SessionSummary;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Providers get session events on queues of their own: one that hangs holds up nobody else, and only so much. */
class ProviderEventRelayTest {

    /** Records the session ids of its events; optionally blocks in the first one until released. */
    static class Listener implements IdpProvider {
        final String id;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        /** Counts down once per event handled (four in the first test). */
        final CountDownLatch handled = new CountDownLatch(4);

        Listener(String id, boolean hang) {
            this.id = id;
            this.release = new CountDownLatch(hang ? 1 : 0);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return id;
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            return false;
        }

        @Override
        public void onSessionEvent(SessionEvent event) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(event.session().id());
            handled.countDown();
        }
    }

    private static SessionEvent event(int i) {
        return SessionEvent.of(SessionEvent.Kind.STARTED,
                new SessionSummary("s" + i, "a" + i, "p" + i, "eu-west-1", null, null, "x"));
    }

    private static List<String> ids(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(i -> "s" + i).toList();
    }

    @Test
    void aHangingProviderDelaysNoOtherProvider() throws Exception {
        Listener hanging = new Listener("hanging", true);
        Listener other = new Listener("other", false);
        ProviderEventRelay relay = new ProviderEventRelay(() -> List.of(hanging, other));
        try {
            for (int i = 0; i < 3; i++) {
                relay.relay(event(i));
            }
            assertTrue(hanging.entered.await(30, TimeUnit.SECONDS));
            // The other provider's queue drains while the first one is still stuck in its first event.
            relay.relay(event(3));
            assertTrue(other.handled.await(30, TimeUnit.SECONDS), "the other provider got its events: " + other.seen);
            assertEquals(ids(0, 4), other.seen);
            assertEquals(List.of(), hanging.seen);

            hanging.release.countDown();
            relay.drained().get(30, TimeUnit.SECONDS);
            assertEquals(ids(0, 4), hanging.seen, "in order, once it is back");
        } finally {
            hanging.release.countDown();
            relay.stop();
        }
    }

    @Test
    void aHangingProvidersBacklogIsBounded() throws Exception {
        Listener hanging = new Listener("hanging", true);
        ProviderEventRelay relay = new ProviderEventRelay(() -> List.of(hanging));
        try {
            relay.relay(event(0));
            assertTrue(hanging.entered.await(30, TimeUnit.SECONDS));
            int more = ProviderEventRelay.BACKLOG + 10;
            for (int i = 1; i <= more; i++) {
                relay.relay(event(i));
            }
            hanging.release.countDown();
            relay.drained().get(30, TimeUnit.SECONDS);
            List<String> expected = new java.util.ArrayList<>(List.of("s0"));
            expected.addAll(ids(more - ProviderEventRelay.BACKLOG + 1, more + 1));
            assertEquals(expected, hanging.seen, "the event it hung in, then the newest events; the oldest were dropped");
            // Caught up, it takes events again.
            relay.relay(event(-1));
            relay.drained().get(30, TimeUnit.SECONDS);
            assertEquals("s-1", hanging.seen.get(hanging.seen.size() - 1));
        } finally {
            hanging.release.countDown();
            relay.stop();
        }
    }

    @Test
    void aJvmFailureThatPassesTheGuardDoesNotStopTheQueue() throws Exception {
        Listener failingOnce = new Listener("failing", false) {
            @Override
            public void onSessionEvent(SessionEvent event) {
                if (event.session().id().equals("s0")) {
                    throw new OutOfMemoryError("simulated: the guard lets the JVM's own failures through");
                }
                super.onSessionEvent(event);
            }
        };
        ProviderEventRelay relay = new ProviderEventRelay(() -> List.of(failingOnce));
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { }); // the pool thread dies with it, silently here
        try {
            for (int i = 0; i < 3; i++) {
                relay.relay(event(i));
            }
            relay.drained().get(30, TimeUnit.SECONDS);
            assertEquals(ids(1, 3), failingOnce.seen);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            relay.stop();
        }
    }
}
