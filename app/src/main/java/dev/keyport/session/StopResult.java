package dev.keyport.session;

import java.util.List;

/**
 * A stopped session and what the stop withdrew: profile sections removed or given back to the user, container
 * endpoints closed, chained sessions stopped with it. No secret.
 */
public record StopResult(FederatedSession session, List<String> withdrawn) {
    public StopResult {
        withdrawn = List.copyOf(withdrawn);
    }
}
