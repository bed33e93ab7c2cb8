package dev.keyport.login;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SAML responses the daemon keeps for a few minutes on a client's behalf, under a random handle, so that "one sign-in,
 * every role" needs no client to hold the assertion: with it, anyone could get credentials from STS for any of its
 * roles. The web page works this way (it never sees an assertion it did not paste itself). In memory only; a handle
 * lasts {@link #LIFETIME}, the assertion's own validity being about as short.
 */
@Singleton
public class HeldAssertions {
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final int MAX_HELD = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Held(String samlResponse, String owner, Instant expiresAt) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** A handle held until {@link #expiryOf}. */
    public record Handle(String id, Instant expiresAt) {
    }

    /** Holds {@code samlResponse} for {@code owner}, the client that may use it (no other can, handle or not). */
    public Handle hold(String samlResponse, String owner) {
        Instant now = clock.instant();
        held.values().removeIf(h -> !now.isBefore(h.expiresAt()));
        if (held.size() >= MAX_HELD) {
            held.entrySet().stream().min(java.util.Comparator.comparing(e -> e.getValue().expiresAt()))
                    .ifPresent(e -> held.remove(e.getKey()));
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(LIFETIME);
        held.put(id, new Held(samlResponse, owner, expiresAt));
        return new Handle(id, expiresAt);
    }

    /** The assertion held under {@code id} for {@code owner}, while it lasts. */
    public Optional<String> get(String id, String owner) {
        Held h = id == null ? null : held.get(id);
        if (h == null || !h.owner().equals(owner)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(h.expiresAt())) {
            held.remove(id);
            return Optional.empty();
        }
        return Optional.of(h.samlResponse());
    }

    /** Lets go of an assertion once its client is done with it. */
    public void release(String id) {
        if (id != null) {
            held.remove(id);
        }
    }
}
