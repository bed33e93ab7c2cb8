package dev.keyport.container;

import dev.keyport.session.CredentialHolder;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionService;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The container-credentials endpoint's grants: each {@code keyport exec} run gets an unguessable path and a random
 * token of its own (the AWS SDKs' {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), so every SDK in the child processes fetches and refreshes the session's
 * credentials by itself.
 *
 * <p>A grant lives in memory only and ends at the first of: the connection the run holds open to the daemon closes
 * (the run ended, however: exit, Ctrl-C, kill -9), the session stops, expires, is deleted or is started afresh
 * ({@link CredentialHolder}), {@code keyport.container.grant-max-lifetime} passes, or the daemon stops.
 */
@Singleton
public class ContainerGrants implements CredentialHolder {
    /** Where grants are served, outside /api/v1: the SDKs send their own Authorization header, not the API token. */
    public static final String BASE_PATH = "/container-credentials/";
    private static final Logger LOG = Logger.getLogger(ContainerGrants.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionService sessions;
    private final ContainerConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, Grant> byPath = new ConcurrentHashMap<>();

    public ContainerGrants(SessionService sessions, ContainerConfig config) {
        this.sessions = sessions;
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
     * A new grant for an active session (started first if it has no credentials).
     *
     * @param onEnded told why, when the daemon ends the grant before the run does (the session stopped...)
     * @throws KeyportException as {@link SessionService#credentialsStartingIfNeeded} does
     */
    public Grant grant(String idOrAlias, Consumer<String> onEnded) {
        FederatedSession session = sessions.find(idOrAlias);
        sessions.credentialsStartingIfNeeded(session.id());
        Grant grant = new Grant(random(), random(), session.id(), session.definition().alias(),
                clock.instant().plus(config.grantMaxLifetime()), onEnded);
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
    public List<String> withdraw(String sessionId) {
        List<String> closed = new ArrayList<>();
        for (Grant grant : List.copyOf(byPath.values())) {
            if (grant.sessionId().equals(sessionId)
                    && revoke(grant.pathId(), "the session stopped, expired, was deleted or started afresh")) {
                closed.add(grant.pathId());
            }
        }
        return closed.isEmpty() ? List.of() : List.of("closed " + closed.size() + " container credentials"
                + " endpoint" + (closed.size() == 1 ? "" : "s") + " of keyport exec");
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

    /** The grant's session's current credentials (refreshed ones once the session rotated). */
    public AwsCredentials credentials(Grant grant) {
        return sessions.credentials(grant.sessionId());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
