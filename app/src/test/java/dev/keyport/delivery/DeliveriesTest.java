package dev.keyport.delivery;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The delivery seam: which channels are asked, in which order, and what a failing channel does to the others. */
class DeliveriesTest {
    static final DeliveryTarget FILE = new DeliveryTarget("id-1", "dev", "dev", "eu-west-1",
            DeliveryMethod.CREDENTIALS_FILE);
    static final DeliveryTarget PROCESS = new DeliveryTarget("id-2", "ops", "ops", "eu-west-1",
            DeliveryMethod.CREDENTIAL_PROCESS);
    static final AwsCredentials CREDENTIALS = new AwsCredentials("ASIAEXAMPLE", "secret", "token",
            Instant.parse("2026-01-01T00:00:00Z"));

    final List<String> calls = new ArrayList<>();

    /** A channel that records what it is asked and fails when told to. */
    class Channel implements CredentialDelivery {
        final String name;
        final DeliveryMethod serves;
        final int order;
        KeyportException failure;
        Optional<AwsCredentials> held = Optional.empty();

        Channel(String name, DeliveryMethod serves, int order) {
            this.name = name;
            this.serves = serves;
            this.order = order;
        }

        @Override
        public boolean serves(DeliveryMethod method) {
            return serves == null || serves == method;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                            boolean replaceProfile) {
            calls.add(name + " deliver " + cause);
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
            calls.add(name + " withdraw " + cause);
            if (failure != null) {
                throw failure;
            }
            return List.of("withdrew " + name);
        }

        @Override
        public Optional<AwsCredentials> restore(DeliveryTarget target) {
            return held;
        }

        @Override
        public Optional<String> describe(DeliveryTarget target) {
            return Optional.of(name);
        }
    }

    final Channel file = new Channel("file", DeliveryMethod.CREDENTIALS_FILE, 100);
    final Channel process = new Channel("process", DeliveryMethod.CREDENTIAL_PROCESS, 100);
    final Channel endpoint = new Channel("endpoint", null, 200);
    // Given in the wrong order on purpose: the seam sorts them.
    final Deliveries deliveries = new Deliveries(List.of(endpoint, process, file));

    @Test
    void onlyTheChannelsServingTheSessionsMethodAreAskedInTheirOrder() {
        deliveries.deliver(FILE, CREDENTIALS, SessionEvent.Kind.STARTED, false);
        deliveries.deliver(PROCESS, CREDENTIALS, SessionEvent.Kind.ROTATED, false);
        assertEquals(List.of("file deliver STARTED", "endpoint deliver STARTED", "process deliver ROTATED",
                "endpoint deliver ROTATED"), calls);
        assertEquals(List.of("file", "endpoint"), deliveries.describe(FILE));
        assertEquals(List.of("process", "endpoint"), deliveries.describe(PROCESS));
    }

    @Test
    void aFailedDeliveryStopsThereSoWhatComesAfterTheProfileKeepsItsState() {
        file.failure = new KeyportException(ErrorCategory.CONFLICT, "profile [dev] is not Keyport's");
        KeyportException e = assertThrows(KeyportException.class,
                () -> deliveries.deliver(FILE, CREDENTIALS, SessionEvent.Kind.STARTED, false));
        assertSame(file.failure, e);
        assertEquals(List.of("file deliver STARTED"), calls, "the endpoint's grants stay");
    }

    @Test
    void aFailedWithdrawalStillWithdrawsFromTheOtherChannelsAndIsThrownAfterwards() {
        file.failure = new KeyportException(ErrorCategory.UNAVAILABLE, "the credentials file is locked");
        KeyportException e = assertThrows(KeyportException.class,
                () -> deliveries.withdraw(FILE, SessionEvent.Kind.STOPPED));
        assertSame(file.failure, e);
        assertEquals(List.of("file withdraw STOPPED", "endpoint withdraw STOPPED"), calls);
        assertEquals(List.of("withdrew process", "withdrew endpoint"),
                deliveries.withdraw(PROCESS, SessionEvent.Kind.DELETED));
    }

    @Test
    void restoreTakesWhatTheFirstChannelStillHolds() {
        assertEquals(Optional.empty(), deliveries.restore(FILE));
        file.held = Optional.of(CREDENTIALS);
        assertEquals(Optional.of(CREDENTIALS), deliveries.restore(FILE));
        assertEquals(Optional.empty(), deliveries.restore(PROCESS));
    }
}
