package dev.keyport.container;

import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionService;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The container-credentials endpoint's grants: each {@code keyport exec} run gets an unguessable path and a random
 * token of its own (the AWS SDKs' {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), so every SDK in the child processes fetches and refreshes the session's
 * credentials by itself. Grants live in memory only and end when the run ends (or the daemon stops).
 */
@Singleton
public class ContainerGrants {
    /** Where grants are served, outside /api/v1: the SDKs send their own Authorization header, not the API token. */
    public static final String BASE_PATH = "/container-credentials/";
    private static final Logger LOG = Logger.getLogger(ContainerGrants.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionService sessions;
    private final ConcurrentMap<String, Grant> byPath = new ConcurrentHashMap<>();

    public ContainerGrants(SessionService sessions) {
        this.sessions = sessions;
    }

    /** One grant: the session it serves and the token its requests must carry. Never printed with its secrets. */
    public record Grant(String pathId, String token, String sessionId) {
        @Override
        public String toString() {
            return "Grant[session=" + sessionId + ", path=<redacted>, token=<redacted>]";
        }
    }

    /**
     * A new grant for an active session (started first if it has no credentials).
     *
     * @throws KeyportException as {@link SessionService#credentialsStartingIfNeeded} does
     */
    public Grant grant(String idOrAlias) {
        FederatedSession session = sessions.find(idOrAlias);
        sessions.credentialsStartingIfNeeded(session.id());
        Grant grant = new Grant(random(), random(), session.id());
        byPath.put(grant.pathId(), grant);
        LOG.infof("Container credentials endpoint opened for session %s", session.definition().alias());
        return grant;
    }

    /** Ends a grant; its path answers 404 from now on. Whoever knows the path may end it. */
    public boolean revoke(String pathId) {
        Grant removed = byPath.remove(pathId);
        if (removed != null) {
            LOG.infof("Container credentials endpoint closed for session %s", removed.sessionId());
        }
        return removed != null;
    }

    /** The grant served at {@code pathId}, if it is open. */
    public Optional<Grant> find(String pathId) {
        return Optional.ofNullable(pathId).map(byPath::get);
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
