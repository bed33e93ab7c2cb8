package dev.keyport.session;

import dev.keyport.spi.AwsCredentials;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The credentials of active sessions, in memory only: they are never persisted by Keyport itself, only delivered to
 * where the user asked (the named profile, credential_process, an exec's endpoint). The lifecycle writes here;
 * credential_process, exec and the console read through {@link SessionStarter#credentials(String)}.
 */
@Singleton
public class CredentialVault {
    private final ConcurrentMap<String, AwsCredentials> bySession = new ConcurrentHashMap<>();

    public Optional<AwsCredentials> credentialsFor(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    void put(String sessionId, AwsCredentials credentials) {
        bySession.put(sessionId, credentials);
    }

    void remove(String sessionId) {
        bySession.remove(sessionId);
    }
}
