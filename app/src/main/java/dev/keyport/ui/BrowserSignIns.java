package dev.keyport.ui;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The web page's sign-ins, in memory only. {@code keyport ui} (holding the API token) asks for a one-time code; the
 * page exchanges it, once, for a browser sign-in: a cookie value and a CSRF token, both 256 random bits.
 *
 * <p>Why the page needs both on every request, reads included: a cookie is sent to its host whatever the port, so any
 * local program listening on another port of 127.0.0.1 that the person's browser visits is sent the cookie too. The
 * CSRF token lives in the page's own storage, which browsers keep per origin (port included), and is sent as a header
 * only by Keyport's own page. A cookie alone gets nowhere.
 *
 * <p>Only SHA-256 digests of codes and cookie values are kept, so the map's keys are not secrets and lookups take no
 * secret-dependent time; the CSRF token is compared in constant time. A sign-in is bound to the Host it was made on
 * (127.0.0.1:PORT or localhost:PORT): its cookie is worth nothing under the other name.
 */
@Singleton
public class BrowserSignIns {
    /** Open codes and sign-ins are few (one per {@code keyport ui}); a cap keeps a runaway client from growing them. */
    static final int MAX_OPEN = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UiConfig config;
    private final Clock clock;
    private final Map<String, Instant> codes = new ConcurrentHashMap<>();
    private final Map<String, SignIn> signIns = new ConcurrentHashMap<>();
    /** What to do when a sign-in ends (close its event streams), by the cookie's digest. */
    private final Map<String, java.util.Set<Runnable>> endHooks = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keyport-browser-sign-ins");
                t.setDaemon(true);
                return t;
            });

    @jakarta.inject.Inject
    public BrowserSignIns(UiConfig config) {
        this(config, Clock.systemUTC());
    }

    BrowserSignIns(UiConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A browser sign-in as the daemon keeps it: the host it was made on, its CSRF token, when it ends. */
    public record SignIn(String host, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "SignIn[host=" + host + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** What the page gets for its code: the cookie value (for Set-Cookie) and the sign-in. */
    public record Redeemed(String cookieValue, SignIn signIn) {
        @Override
        public String toString() {
            return "Redeemed[" + signIn + "]";
        }
    }

    /** A new one-time code, good for {@code keyport.ui.link-lifetime}; the caller puts it into the link. */
    public String newCode() {
        Instant now = clock.instant();
        sweep(now);
        if (codes.size() >= MAX_OPEN) {
            // The oldest links are the least likely to be wanted still.
            codes.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> codes.remove(e.getKey()));
        }
        String code = random();
        codes.put(digest(code), now.plus(config.linkLifetime()));
        return code;
    }

    /** When a code given now stops working. */
    public Instant codeExpiry() {
        return clock.instant().plus(config.linkLifetime());
    }

    /**
     * Exchanges a code for a sign-in on {@code host}; empty if the code is unknown, used or expired. A code works once:
     * it is removed before the sign-in is made, so two pages racing with one code cannot both win.
     */
    public Optional<Redeemed> redeem(String code, String host) {
        if (code == null || code.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant expiry = codes.remove(digest(code));
        if (expiry == null || !now.isBefore(expiry)) {
            return Optional.empty();
        }
        sweep(now);
        if (signIns.size() >= MAX_OPEN) {
            // The oldest sign-in makes room, and what it holds open (an event stream) ends with it.
            signIns.entrySet().stream().min(java.util.Comparator.comparing(e -> e.getValue().expiresAt()))
                    .ifPresent(e -> ended(e.getKey()));
        }
        String cookie = random();
        SignIn signIn = new SignIn(host.toLowerCase(java.util.Locale.ROOT), random(),
                now.plus(config.signInLifetime()));
        String key = digest(cookie);
        signIns.put(key, signIn);
        // At its end, whatever it still holds open (an event stream) ends with it.
        timer.schedule(() -> ended(key), config.signInLifetime().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return Optional.of(new Redeemed(cookie, signIn));
    }

    /** The live sign-in a cookie value stands for on {@code host}, if any. */
    public Optional<SignIn> find(String cookieValue, String host) {
        if (cookieValue == null || cookieValue.length() > 100 || host == null) {
            return Optional.empty();
        }
        SignIn signIn = signIns.get(digest(cookieValue));
        if (signIn == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(signIn.expiresAt())) {
            ended(digest(cookieValue));
            return Optional.empty();
        }
        return signIn.host().equalsIgnoreCase(host) ? Optional.of(signIn) : Optional.empty();
    }

    /** Whether {@code presented} is the sign-in's CSRF token, in time independent of where they differ. */
    public static boolean csrfMatches(SignIn signIn, String presented) {
        return presented != null && MessageDigest.isEqual(signIn.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Ends the sign-in of a cookie value (the page's "Sign out"). */
    public void end(String cookieValue) {
        if (cookieValue != null) {
            ended(digest(cookieValue));
        }
    }

    /** Ends every browser sign-in and open link: what the person wants after they suspect one leaked. */
    public int endAll() {
        int n = signIns.size();
        codes.clear();
        java.util.List.copyOf(signIns.keySet()).forEach(this::ended);
        // Anything still held open by a sign-in that ended some other way goes too.
        java.util.List.copyOf(endHooks.keySet()).forEach(this::ended);
        return n;
    }

    /**
     * Runs {@code hook} when the sign-in of {@code cookieValue} ends (sign-out, expiry, {@link #endAll}); the returned
     * handle forgets the hook (the stream closed first).
     */
    public Runnable onEnd(String cookieValue, Runnable hook) {
        String key = digest(cookieValue);
        endHooks.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(hook);
        return () -> {
            java.util.Set<Runnable> hooks = endHooks.get(key);
            if (hooks != null) {
                hooks.remove(hook);
            }
        };
    }

    private void ended(String key) {
        signIns.remove(key);
        java.util.Set<Runnable> hooks = endHooks.remove(key);
        if (hooks != null) {
            hooks.forEach(Runnable::run);
        }
    }

    int openCodes() {
        return codes.size();
    }

    private void sweep(Instant now) {
        Predicate<Instant> due = expiry -> !now.isBefore(expiry);
        codes.values().removeIf(due);
        signIns.entrySet().stream().filter(e -> due.test(e.getValue().expiresAt())).map(Map.Entry::getKey).toList()
                .forEach(this::ended);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
