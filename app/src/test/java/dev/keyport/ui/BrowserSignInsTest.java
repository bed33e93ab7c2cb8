package dev.keyport.ui;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-time codes and browser sign-ins, on a clock the test moves. */
class BrowserSignInsTest {
    private static final String HOST = "127.0.0.1:7465";

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final BrowserSignIns signIns = new BrowserSignIns(new UiConfig() {
        @Override
        public Duration linkLifetime() {
            return Duration.ofMinutes(2);
        }

        @Override
        public Duration signInLifetime() {
            return Duration.ofHours(12);
        }
    }, clock);

    @Test
    void aCodeWorksOnceAndOnlyWithinItsLifetime() {
        String code = signIns.newCode();
        assertTrue(code.matches("[A-Za-z0-9_-]{43}"));
        assertTrue(signIns.redeem(code, HOST).isPresent());
        assertFalse(signIns.redeem(code, HOST).isPresent(), "second use");

        String late = signIns.newCode();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertFalse(signIns.redeem(late, HOST).isPresent(), "expired");
        assertFalse(signIns.redeem(null, HOST).isPresent());
        assertFalse(signIns.redeem("x".repeat(5000), HOST).isPresent());
    }

    @Test
    void aSignInIsBoundToItsHostEndsWithItsLifetimeAndOnSignOut() {
        var redeemed = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        String cookie = redeemed.cookieValue();
        assertTrue(signIns.find(cookie, HOST).isPresent());
        assertTrue(signIns.find(cookie, "127.0.0.1:7465".toUpperCase()).isPresent(), "host names ignore case");
        assertFalse(signIns.find(cookie, "localhost:7465").isPresent(), "bound to the host it was made on");
        assertFalse(signIns.find(redeemed.signIn().csrfToken(), HOST).isPresent(), "the CSRF token is no cookie");
        assertTrue(BrowserSignIns.csrfMatches(redeemed.signIn(), redeemed.signIn().csrfToken()));
        assertFalse(BrowserSignIns.csrfMatches(redeemed.signIn(), cookie));
        assertFalse(BrowserSignIns.csrfMatches(redeemed.signIn(), null));

        clock.now = clock.now.plus(Duration.ofHours(12));
        assertFalse(signIns.find(cookie, HOST).isPresent(), "expired");

        var again = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        signIns.end(again.cookieValue());
        assertFalse(signIns.find(again.cookieValue(), HOST).isPresent(), "signed out");
    }

    @Test
    void codesAndSignInsAreDistinctRandomAndNeverShownByToString() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            var redeemed = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
            assertTrue(seen.add(redeemed.cookieValue()));
            assertTrue(seen.add(redeemed.signIn().csrfToken()));
            assertFalse(redeemed.toString().contains(redeemed.cookieValue()));
            assertFalse(redeemed.toString().contains(redeemed.signIn().csrfToken()));
        }
    }

    @Test
    void openCodesAreCapped() {
        for (int i = 0; i < BrowserSignIns.MAX_OPEN * 3; i++) {
            signIns.newCode();
        }
        assertEquals(BrowserSignIns.MAX_OPEN, signIns.openCodes());
    }

    @Test
    void whatASignInHoldsOpenEndsWithItHoweverItEnds() {
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        // Signed out.
        var first = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        signIns.onEnd(first.cookieValue(), closed::incrementAndGet);
        signIns.end(first.cookieValue());
        assertEquals(1, closed.get());
        // Pushed out by newer sign-ins (the cap).
        var oldest = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        signIns.onEnd(oldest.cookieValue(), closed::incrementAndGet);
        for (int i = 0; i < BrowserSignIns.MAX_OPEN; i++) {
            clock.now = clock.now.plusSeconds(1);
            signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        }
        assertFalse(signIns.find(oldest.cookieValue(), HOST).isPresent());
        assertEquals(2, closed.get());
        // Expired, noticed on the next use.
        var late = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        signIns.onEnd(late.cookieValue(), closed::incrementAndGet);
        clock.now = clock.now.plus(Duration.ofHours(13));
        assertFalse(signIns.find(late.cookieValue(), HOST).isPresent());
        assertEquals(3, closed.get());
        // Everyone signed out; a hook that was forgotten (its stream closed first) does not run.
        var a = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        var b = signIns.redeem(signIns.newCode(), HOST).orElseThrow();
        signIns.onEnd(a.cookieValue(), closed::incrementAndGet);
        signIns.onEnd(b.cookieValue(), closed::incrementAndGet).run();
        signIns.endAll();
        assertEquals(4, closed.get());
    }
}
