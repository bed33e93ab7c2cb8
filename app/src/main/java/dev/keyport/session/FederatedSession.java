package dev.keyport.session;

import dev.keyport.spi.SessionSummary;

import java.time.Instant;

/** A federated session: its identity, what the user configured, and where it stands. */
public record FederatedSession(String id, SessionDefinition definition, SessionState state, Instant createdAt) {

    public FederatedSession withState(SessionState newState) {
        return new FederatedSession(id, definition, newState, createdAt);
    }

    public FederatedSession withDefinition(SessionDefinition newDefinition) {
        return new FederatedSession(id, newDefinition, state, createdAt);
    }

    public SessionStatus status() {
        return state.status();
    }

    /** The non-secret view event consumers get. */
    public SessionSummary summary() {
        return new SessionSummary(id, definition.alias(), definition.profileName(), definition.region(),
                definition.roleArn(), definition.idpArn(), definition.providerId());
    }
}
