package dev.keyport.api;

import dev.keyport.session.SessionStore;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the session file cannot be used (corrupt, unknown version): the reason is in the check's data. */
@Readiness
@Singleton
public class SessionStoreHealth implements HealthCheck {
    private final SessionStore store;

    public SessionStoreHealth(SessionStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("session-store").withData("file", store.file().toString());
        return store.problem().map(p -> builder.down().withData("problem", p).build()).orElseGet(() -> builder.up().build());
    }
}
