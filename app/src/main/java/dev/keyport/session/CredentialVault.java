package dev.keyport.session;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionCredentialsSource;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The credentials of active sessions, in memory only: they are never persisted by Keyport itself, only delivered to
 * where the user asked (the named profile, credential_process). Consumers of session events read them from here.
 */
@Singleton
public class CredentialVault implements SessionCredentialsSource {
    private final ConcurrentMap<String, AwsCredentials> bySession = new ConcurrentHashMap<>();

    @Override
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
