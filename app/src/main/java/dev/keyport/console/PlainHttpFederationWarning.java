package dev.keyport.console;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * As for STS: a plain-HTTP federation endpoint is a stand-in, and session credentials would cross it unencrypted; said
 * once at start. A bean of its own, so that {@link ConsoleSignIn} (and its HTTP client) is not made at start-up.
 */
@Singleton
public class PlainHttpFederationWarning {
    private static final Logger LOG = Logger.getLogger(ConsoleSignIn.class);

    void warn(@Observes StartupEvent event, ConsoleConfig config) {
        config.federationEndpoint().filter(uri -> "http".equalsIgnoreCase(uri.getScheme())).ifPresent(uri ->
                LOG.warnf("Console sign-ins go to %s over plain HTTP (keyport.console.federation-endpoint): session"
                        + " credentials cross it unencrypted. Use it only with a local stand-in such as keyport"
                        + " testkit, never with real sessions.", uri));
    }
}
