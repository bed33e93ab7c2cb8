package dev.keyport.api;

import dev.keyport.api.model.SessionView;
import dev.keyport.delivery.Deliveries;
import dev.keyport.delivery.DeliveryMethod;
import dev.keyport.login.PendingChallenges;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionStarter;
import dev.keyport.session.SessionStatus;
import dev.keyport.session.SessionTransitions;
import jakarta.inject.Singleton;

import java.util.List;

/** A session as the API shows it: its definition and state, where it delivered, and the question it waits on. */
@Singleton
public class SessionViews {
    private final Deliveries deliveries;
    private final SessionStarter starter;
    private final PendingChallenges challenges;

    public SessionViews(Deliveries deliveries, SessionStarter starter, PendingChallenges challenges) {
        this.deliveries = deliveries;
        this.starter = starter;
        this.challenges = challenges;
    }

    public SessionView view(FederatedSession session) {
        boolean active = session.status() == SessionStatus.ACTIVE;
        return ApiViews.session(session, active ? deliveries.describe(SessionTransitions.targetOf(session)) : List.of(),
                active && session.definition().delivery() == DeliveryMethod.CREDENTIAL_PROCESS
                        && !starter.holdsCredentials(session.id()), challenges.current(session.id()));
    }
}
