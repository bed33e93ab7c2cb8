package dev.keyport.sts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void sessionValueWinsOverAssertion() {
        assertEquals(7200, DurationPolicy.choose(7200, OptionalInt.of(28800), Optional.empty(), NOW));
    }

    @Test
    void assertionValueIsUsedWhenSessionHasNone() {
        assertEquals(28800, DurationPolicy.choose(null, OptionalInt.of(28800), Optional.empty(), NOW));
    }

    @Test
    void defaultIsOneHour() {
        assertEquals(3600, DurationPolicy.choose(null, OptionalInt.empty(), Optional.empty(), NOW));
    }

    @Test
    void keptWithinStsBounds() {
        assertEquals(900, DurationPolicy.choose(null, OptionalInt.of(60), Optional.empty(), NOW));
        assertEquals(43200, DurationPolicy.choose(null, OptionalInt.of(86400), Optional.empty(), NOW));
    }

    @Test
    void notBeyondSessionNotOnOrAfter() {
        assertEquals(1800, DurationPolicy.choose(7200, OptionalInt.empty(), Optional.of(NOW.plusSeconds(1800)), NOW));
        // STS's minimum still applies; STS itself ends the session at SessionNotOnOrAfter.
        assertEquals(900, DurationPolicy.choose(7200, OptionalInt.empty(), Optional.of(NOW.plusSeconds(300)), NOW));
        assertEquals(3600, DurationPolicy.choose(3600, OptionalInt.empty(), Optional.of(NOW.plusSeconds(9000)), NOW));
    }

    @Test
    void theWarningForARefusedDurationSaysWhereItCameFromAndWhatToChange() {
        String role = "arn:aws:iam::123456789012:role/Admin";
        DurationPolicy.Source fromIdp = DurationPolicy.source(null, OptionalInt.of(28800));
        assertEquals(DurationPolicy.Source.ASSERTION, fromIdp);
        assertEquals("STS refused 28800 s, more than the MaxSessionDuration of " + role + ", so Keyport used 3600 s."
                + " The 28800 s came from the assertion's SessionDuration attribute. Lower SessionDuration in the"
                + " identity provider's AWS app, or give the session a durationSeconds the role allows (it takes"
                + " precedence), or raise the role's maximum session duration in IAM.",
                StsFederation.maxSessionDurationWarning(28800, fromIdp, role));
        assertEquals(DurationPolicy.Source.SESSION, DurationPolicy.source(7200, OptionalInt.of(28800)));
        assertEquals(DurationPolicy.Source.DEFAULT, DurationPolicy.source(null, OptionalInt.empty()));
    }
}
