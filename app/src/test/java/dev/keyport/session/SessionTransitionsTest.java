package dev.keyport.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.delivery.CredentialDelivery;
import dev.keyport.delivery.Deliveries;
import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.delivery.DeliveryTarget;
import dev.keyport.session.SessionTransitions.Transition;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.keyport.session.SessionStatus.ACTIVE;
import static dev.keyport.session.SessionStatus.EXPIRED;
import static dev.keyport.session.SessionStatus.FAILED;
import static dev.keyport.session.SessionStatus.INACTIVE;
import static dev.keyport.session.SessionStatus.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machine on its own: the table of allowed transitions, and the order in which a transition delivers or
 * withdraws, persists and announces. Real store (a temp home), real vault; the delivery channel records what it sees.
 */
class SessionTransitionsTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final AwsCredentials CREDENTIALS = new AwsCredentials("ASIAEXAMPLEKEY000001", "wJalrXUtnFEMIK7MDENG",
            "FwoGZXIvYXdzEJr", NOW.plusSeconds(3600));

    @TempDir
    Path home;

    final List<SessionEvent> published = new ArrayList<>();
    final List<String> channelSaw = new ArrayList<>();
    KeyportException channelFailure;
    SessionStore store;
    final CredentialVault vault = new CredentialVault();
    SessionTransitions transitions;

    /** A channel that notes each call with the session's status as stored at that moment. */
    final CredentialDelivery channel = new CredentialDelivery() {
        @Override
        public boolean serves(DeliveryMethod method) {
            return true;
        }

        @Override
        public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                            boolean replaceProfile) {
            channelSaw.add("deliver " + cause + " while " + store.byId(target.sessionId()).orElseThrow().status()
                    + ", " + published.size() + " events");
            if (channelFailure != null) {
                throw channelFailure;
            }
        }

        @Override
        public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
            channelSaw.add("withdraw " + cause + " while " + store.byId(target.sessionId()).map(s -> s.status().toString())
                    .orElse("deleted") + ", " + published.size() + " events");
            if (channelFailure != null) {
                throw channelFailure;
            }
            return List.of("removed [dev]");
        }

        @Override
        public Optional<AwsCredentials> restore(DeliveryTarget target) {
            return Optional.empty();
        }

        @Override
        public Optional<String> describe(DeliveryTarget target) {
            return Optional.empty();
        }
    };

    SessionTransitions transitions() {
        store = new SessionStore(new KeyportHome(home.toString()),
                new ObjectMapper().registerModule(new JavaTimeModule()));
        SessionEventPublisher events = new SessionEventPublisher(null, null) {
            @Override
            public void publish(SessionEvent event) {
                published.add(event);
            }
        };
        return new SessionTransitions(store, vault, new Deliveries(List.of(channel)), events,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    String session(SessionState state) {
        transitions = transitions == null ? transitions() : transitions;
        String id = "id-" + state.status();
        store.save(new FederatedSession(id, new SessionDefinition("dev", "dev", "eu-west-1",
                "https://acme.okta.com/home/amazon_aws/0oa1/272", "arn:aws:iam::123456789012:saml-provider/Okta",
                "arn:aws:iam::123456789012:role/Admin", "okta", null), state, NOW));
        return id;
    }

    @Test
    void theTableSaysWhichStatesEachTransitionLeaves() {
        Set<SessionStatus> all = EnumSet.allOf(SessionStatus.class);
        assertEquals(all, allowed(Transition.STOP), "a stop works in every state");
        assertEquals(EnumSet.of(INACTIVE, ACTIVE, EXPIRED, FAILED), allowed(Transition.DELETE), "not while starting");
        assertEquals(EnumSet.of(PENDING, ACTIVE, EXPIRED, FAILED), allowed(Transition.ACTIVATE),
                "never from INACTIVE: a stop calls a start off");
        assertEquals(EnumSet.of(ACTIVE), allowed(Transition.ROTATE));
        assertEquals(EnumSet.of(ACTIVE), allowed(Transition.EXPIRE));
        assertEquals(EnumSet.of(ACTIVE), allowed(Transition.KEEP_AFTER_FAILURE));
        assertEquals(EnumSet.of(PENDING, EXPIRED), allowed(Transition.FAIL));
        assertFalse(Transition.START.allowedFrom(ACTIVE), "an active session restarts instead");
        for (SessionStatus status : all) {
            assertTrue(java.util.Arrays.stream(Transition.values()).anyMatch(t -> t.allowedFrom(status)
                    && t.target(status) != status), status + " has a way out");
        }
    }

    private static Set<SessionStatus> allowed(Transition transition) {
        Set<SessionStatus> from = EnumSet.noneOf(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            if (transition.allowedFrom(status)) {
                from.add(status);
            }
        }
        return from;
    }

    @Test
    void aTransitionTheStateDoesNotAllowChangesNothing() {
        String id = session(SessionState.inactive(NOW));
        assertEquals(Optional.empty(), transitions.move(id, Transition.EXPIRE, s -> s.expired(NOW), null));
        assertEquals(Optional.empty(), transitions.deliver(id, Transition.ROTATE, CREDENTIALS,
                s -> SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW), false));
        assertEquals(INACTIVE, store.byId(id).orElseThrow().status());
        assertEquals(List.of(), channelSaw);
        assertEquals(List.of(), published);
        assertTrue(vault.credentialsFor(id).isEmpty());
    }

    @Test
    void deliveringComesBeforeTheNewStateAndTheEventWhichCarriesNoSecret() {
        String id = session(SessionState.pending(NOW));
        FederatedSession active = transitions.deliver(id, Transition.ACTIVATE, CREDENTIALS,
                s -> SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW), true).orElseThrow();
        assertEquals(List.of("deliver STARTED while PENDING, 0 events"), channelSaw);
        assertEquals(ACTIVE, active.status());
        assertEquals(ACTIVE, store.byId(id).orElseThrow().status());
        assertEquals(Optional.of(CREDENTIALS), vault.credentialsFor(id));
        SessionEvent event = published.get(0);
        assertEquals(SessionEvent.Kind.STARTED, event.kind());
        assertEquals(CREDENTIALS.expiration(), event.credentialsExpireAt());
        assertTrue(event.replaceForeignProfile());
        assertFalse(event.toString().contains("wJalrXUtnFEMIK7MDENG") || event.toString().contains("FwoGZXIvYXdzEJr"));
    }

    @Test
    void aFailedDeliveryLeavesStateCredentialsAndEventsAsTheyWere() {
        String id = session(SessionState.pending(NOW));
        channelFailure = new KeyportException(ErrorCategory.CONFLICT, "profile [dev] is the user's own");
        KeyportException e = assertThrows(KeyportException.class, () -> transitions.deliver(id, Transition.ACTIVATE,
                CREDENTIALS, s -> SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW), false));
        assertSame(channelFailure, e);
        assertEquals(PENDING, store.byId(id).orElseThrow().status());
        assertTrue(vault.credentialsFor(id).isEmpty());
        assertEquals(List.of(), published);
    }

    @Test
    void withdrawingComesAfterTheNewStateIsStoredAndBeforeTheEvent() {
        String id = session(SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW));
        SessionTransitions.Moved stopped = transitions.move(id, Transition.STOP, s -> SessionState.inactive(NOW), null)
                .orElseThrow();
        assertEquals(List.of("withdraw STOPPED while INACTIVE, 0 events"), channelSaw);
        assertEquals(List.of("removed [dev]"), stopped.withdrawn());
        assertEquals(SessionEvent.Kind.STOPPED, published.get(0).kind());
        assertNull(published.get(0).credentialsExpireAt());
    }

    @Test
    void aFailedWithdrawalStillRecordsTheStateAndAnnouncesIt() {
        String id = session(SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW));
        transitions.deliver(id, Transition.ROTATE, CREDENTIALS,
                s -> SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW), false);
        channelFailure = new KeyportException(ErrorCategory.UNAVAILABLE, "the credentials file is locked");
        assertThrows(KeyportException.class, () -> transitions.move(id, Transition.EXPIRE, s -> s.expired(NOW), null));
        assertEquals(EXPIRED, store.byId(id).orElseThrow().status());
        assertTrue(vault.credentialsFor(id).isEmpty(), "never served again once expired");
        assertEquals(SessionEvent.Kind.EXPIRED, published.get(published.size() - 1).kind());
    }

    @Test
    void aDeleteWithdrawsBeforeItForgetsAndAFailedWithdrawalKeepsTheSession() {
        String id = session(SessionState.failed("no", NOW));
        channelFailure = new KeyportException(ErrorCategory.UNAVAILABLE, "the credentials file is locked");
        assertThrows(KeyportException.class, () -> transitions.move(id, Transition.DELETE, s -> s, null));
        assertTrue(store.byId(id).isPresent(), "still there to be deleted again: nothing delivered is orphaned");
        assertEquals(List.of(), published);
        channelFailure = null;
        channelSaw.clear();
        String active = session(SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW));
        transitions.deliver(active, Transition.ROTATE, CREDENTIALS,
                s -> SessionState.active(CREDENTIALS.expiration(), 3600, List.of(), NOW), false);
        channelFailure = new KeyportException(ErrorCategory.UNAVAILABLE, "the credentials file is locked");
        assertThrows(KeyportException.class, () -> transitions.move(active, Transition.DELETE, s -> s, null));
        assertEquals(Optional.of(CREDENTIALS), vault.credentialsFor(active),
                "a session that stays keeps serving what it delivered");
        published.clear();

        channelFailure = null;
        channelSaw.clear();
        transitions.move(id, Transition.DELETE, s -> s, null).orElseThrow();
        assertEquals(List.of("withdraw DELETED while FAILED, 0 events"), channelSaw);
        assertTrue(store.byId(id).isEmpty());
        assertEquals(SessionEvent.Kind.DELETED, published.get(0).kind());
    }

    @Test
    void aTransitionThatLostARaceWritesNothing() throws Exception {
        String id = session(SessionState.inactive(NOW));
        java.nio.file.Path file = home.resolve("sessions.json");
        java.nio.file.attribute.FileTime written = java.nio.file.Files.getLastModifiedTime(file);
        byte[] before = java.nio.file.Files.readAllBytes(file);
        // A sign-in that reports "waiting for you" after a stop made the session INACTIVE.
        assertEquals(Optional.empty(), transitions.move(id, Transition.WAIT_FOR_USER,
                s -> SessionState.pending("waiting for you to sign in", NOW), null));
        assertEquals(INACTIVE, store.byId(id).orElseThrow().status());
        assertEquals(written, java.nio.file.Files.getLastModifiedTime(file));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, java.nio.file.Files.readAllBytes(file));
        assertEquals(List.of(), published);
    }

    @Test
    void aNextStateThatIsNotTheTransitionsTargetIsABug() {
        String id = session(SessionState.pending(NOW));
        assertThrows(IllegalStateException.class, () -> transitions.move(id, Transition.FAIL,
                s -> SessionState.inactive(NOW), null));
        assertEquals(PENDING, store.byId(id).orElseThrow().status());
        assertThrows(IllegalArgumentException.class, () -> transitions.move(id, Transition.ACTIVATE, s -> s, null));
    }
}
