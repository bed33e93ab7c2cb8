package dev.keyport.session;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The starts and refreshes under way, by session id: at most one per session, and a stop can call it off. */
@Singleton
public class StartAttempts {
    private final ConcurrentMap<String, StartAttempt> byId = new ConcurrentHashMap<>();

    /**
     * @param what "start" or "refresh"
     * @throws KeyportException CONFLICT when one is already under way for the session
     */
    StartAttempt begin(String id, String alias, String what) {
        StartAttempt attempt = new StartAttempt(what);
        if (byId.putIfAbsent(id, attempt) != null) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias
                    + "' is already starting or refreshing.");
        }
        return attempt;
    }

    void end(String id, StartAttempt attempt) {
        byId.remove(id, attempt);
    }

    /** Calls off the attempt under way, if any; returns it. */
    Optional<StartAttempt> cancel(String id) {
        Optional<StartAttempt> attempt = Optional.ofNullable(byId.get(id));
        attempt.ifPresent(StartAttempt::cancel);
        return attempt;
    }

    /** Whether a start or refresh of the session is under way. */
    public boolean busy(String id) {
        return byId.containsKey(id);
    }
}
