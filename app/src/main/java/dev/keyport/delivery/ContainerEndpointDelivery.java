package dev.keyport.delivery;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionEvent;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The container-credentials endpoint of {@code keyport exec}, as a delivery channel that serves every session: each {@code keyport exec} run gets an unguessable path and a random
 * token of its own (the AWS SDKs' {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), so every SDK in the child processes fetches and refreshes the session's
 * credentials by itself.
 *
 * <p>A grant lives in memory only and ends at the first of: the connection the run holds open to the daemon closes
 * (the run ended, however: exit, Ctrl-C, kill -9), the session stops, expires, is deleted or is started afresh
 * ({@link #withdraw}, {@link #deliver}), {@code keyport.container.grant-max-lifetime} passes, or the daemon stops.
 * The endpoint itself ({@code api.ContainerCredentialsResource}) serves the session's current credentials, so a
 * rotation needs nothing from here.
 */
@Singleton
public class ContainerEndpointDelivery implements CredentialDelivery {
    /** Where grants are served, outside /api/v1: the SDKs send their own Authorization header, not the API token. */
    public static final String BASE_PATH = "/container-credentials/";
    private static final Logger LOG = Logger.getLogger(ContainerEndpointDelivery.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, Grant> byPath = new ConcurrentHashMap<>();

    public ContainerEndpointDelivery(ContainerConfig config, Clock clock) {
        this.clock = clock;
        this.config = config;
    }

    /**
     * One grant: the session it serves, the token its requests must carry, when it ends at the latest, and who to
     * tell when the daemon ends it. Never printed with its secrets.
     */
    public record Grant(String pathId, String token, String sessionId, String alias, Instant expiresAt,
                        Consumer<String> onEnded) {
        @Override
        public String toString() {
            return "Grant[session=" + alias + ", path=<redacted>, token=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A new grant for a session, which the caller made sure has credentials.
     *
     * @param onEnded told why, when the daemon ends the grant before the run does (the session stopped...)
     */
    public Grant open(String sessionId, String alias, Consumer<String> onEnded) {
        Grant grant = new Grant(random(), random(), sessionId, alias, clock.instant().plus(config.grantMaxLifetime()),
                onEnded);
        byPath.put(grant.pathId(), grant);
        LOG.infof("Container credentials endpoint opened for session %s (until %s at the latest)",
                grant.alias(), grant.expiresAt());
        return grant;
    }

    /** Ends a grant; its path answers 404 from now on. Whoever knows the path may end it. */
    public boolean revoke(String pathId, String reason) {
        Grant removed = pathId == null ? null : byPath.remove(pathId);
        if (removed != null) {
            LOG.infof("Container credentials endpoint closed for session %s: %s", removed.alias(), reason);
            try {
                removed.onEnded().accept(reason);
            } catch (RuntimeException e) {
                LOG.debugf("Telling the run that its endpoint closed failed: %s", e);
            }
        }
        return removed != null;
    }

    @Override
    public boolean serves(DeliveryMethod method) {
        return true;
    }

    /** After the profile: a start whose profile could not be written keeps the earlier run's grants. */
    @Override
    public int order() {
        return 200;
    }

    /** A fresh start ends the grants of the session's earlier run: they were handed out for other credentials. */
    @Override
    public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                        boolean replaceProfile) {
        if (cause == SessionEvent.Kind.STARTED) {
            close(target.sessionId(), "the session started afresh");
        }
    }

    @Override
    public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
        int closed = close(target.sessionId(), "the session stopped, expired or was deleted");
        return closed == 0 ? List.of() : List.of("closed " + closed + " container credentials endpoint"
                + (closed == 1 ? "" : "s") + " of keyport exec");
    }

    @Override
    public Optional<AwsCredentials> restore(DeliveryTarget target) {
        return Optional.empty();
    }

    @Override
    public Optional<String> describe(DeliveryTarget target) {
        long open = byPath.values().stream().filter(g -> g.sessionId().equals(target.sessionId())).count();
        return open == 0 ? Optional.empty() : Optional.of(open + " container credentials endpoint"
                + (open == 1 ? "" : "s") + " of keyport exec");
    }

    private int close(String sessionId, String reason) {
        int closed = 0;
        for (Grant grant : List.copyOf(byPath.values())) {
            if (grant.sessionId().equals(sessionId) && revoke(grant.pathId(), reason)) {
                closed++;
            }
        }
        return closed;
    }

    /** The grant served at {@code pathId}, if it is open (one past its lifetime is ended here). */
    public Optional<Grant> find(String pathId) {
        return find(pathId, clock.instant());
    }

    /** As {@link #find(String)} at {@code now}; tests ask about an instant instead of waiting for it. */
    Optional<Grant> find(String pathId, Instant now) {
        Optional<Grant> grant = Optional.ofNullable(pathId).map(byPath::get);
        if (grant.isPresent() && !now.isBefore(grant.get().expiresAt())) {
            revoke(pathId, "it reached keyport.container.grant-max-lifetime");
            return Optional.empty();
        }
        return grant;
    }

    /** Whether a request's Authorization header carries the grant's token (compared in constant time). */
    public static boolean accepts(Grant grant, String authorization) {
        return authorization != null && MessageDigest.isEqual(grant.token().getBytes(StandardCharsets.UTF_8),
                authorization.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
