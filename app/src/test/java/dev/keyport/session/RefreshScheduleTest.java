package dev.keyport.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The refresh schedule follows the credentials' real lifetime and can never loop. */
class RefreshScheduleTest {
    private static final Instant OBTAINED = Instant.parse("2026-12-01T10:00:00Z");

    private final RefreshPolicy policy = new RefreshPolicy(new SessionConfig() {
        public Duration refreshMargin() {
            return Duration.ofMinutes(20);
        }

        public Duration checkInterval() {
            return Duration.ofSeconds(5);
        }

        public Duration minRefreshInterval() {
            return Duration.ofMinutes(1);
        }

        public Duration retryInitial() {
            return Duration.ofSeconds(30);
        }

        public Duration retryMax() {
            return Duration.ofMinutes(5);
        }

        public boolean withdrawOnShutdown() {
            return false;
        }

        public Optional<String> credentialProcessCommand() {
            return Optional.empty();
        }
    });

    private static SessionState active(Duration lifetime, int askedSeconds) {
        return SessionState.active(OBTAINED.plus(lifetime), askedSeconds, List.of(), null, OBTAINED);
    }

    @Test
    void anHourOfCredentialsIsRefreshedTwentyMinutesBeforeExpiry() {
        assertEquals(OBTAINED.plus(Duration.ofMinutes(40)), policy.refreshAt(active(Duration.ofHours(1), 3600)));
    }

    @Test
    void shortCredentialsAreRefreshedAtHalfTheirRealLifetimeNotTheOneAskedFor() {
        // STS granted 30 minutes although an hour was asked for.
        assertEquals(OBTAINED.plus(Duration.ofMinutes(15)), policy.refreshAt(active(Duration.ofMinutes(30), 3600)));
    }

    @Test
    void sixtySecondCredentialsAreNotRefreshedAtEveryCheck() {
        SessionState state = active(Duration.ofSeconds(60), 3600);
        Instant due = policy.refreshAt(state);
        assertFalse(due.isBefore(OBTAINED.plus(Duration.ofMinutes(1))), "never sooner than the floor: " + due);
        for (long s = 0; s < 60; s += 5) {
            assertFalse(policy.due(state, OBTAINED.plusSeconds(s)), "not due " + s + " s after they were obtained");
        }
        assertTrue(policy.due(state, OBTAINED.plus(Duration.ofMinutes(1))));
    }

    @Test
    void aStateFromAnOlderFileFallsBackToTheGrantedDuration() {
        SessionState old = new SessionState(SessionStatus.ACTIVE, OBTAINED.plusSeconds(1800), 1800, null, null,
                List.of(), OBTAINED);
        assertEquals(OBTAINED.plusSeconds(900), policy.refreshAt(old));
    }
}
