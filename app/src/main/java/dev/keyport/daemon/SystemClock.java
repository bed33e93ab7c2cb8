package dev.keyport.daemon;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The daemon's one clock, injected wherever time decides something (expiry, refresh, grant lifetimes), so that a test
 * can give a component the instant it wants to see instead of waiting for it.
 */
@Singleton
public class SystemClock {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
