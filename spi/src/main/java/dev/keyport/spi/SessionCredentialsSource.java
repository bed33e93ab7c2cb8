package dev.keyport.spi;

import java.util.Optional;

/**
 * Where consumers of {@link SessionEvent}s obtain the credentials an event refers to. The host provides the only
 * implementation; credentials live in the daemon's memory and in the places they are delivered to, nowhere else.
 *
 * @deprecated since 1.3, unused: the host hands credentials to its own delivery channels with the command that asks
 *             for them, and providers never needed them. Kept so that code compiled against 1.2 still links.
 */
@Deprecated(since = "1.3")
public interface SessionCredentialsSource {

    /** The current credentials of an active session, or empty if it has none (stopped, expired, unknown). */
    Optional<AwsCredentials> credentialsFor(String sessionId);
}
