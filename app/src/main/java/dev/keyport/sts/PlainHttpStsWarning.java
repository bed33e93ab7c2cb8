package dev.keyport.sts;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * A plain-HTTP STS endpoint is for a local stand-in (keyport testkit, tests): SAML assertions would cross it
 * unencrypted, so the daemon says so once at start, where the person who set it sees it. A bean of its own, reading
 * only the configuration: {@link StsFederation}, and the SDK behind it, stay unloaded until the first start.
 */
@Singleton
public class PlainHttpStsWarning {
    private static final Logger LOG = Logger.getLogger(StsFederation.class);

    void warn(@Observes StartupEvent event, StsConfig config) {
        config.endpoint().filter(uri -> "http".equalsIgnoreCase(uri.getScheme())).ifPresent(uri -> LOG.warnf(
                "STS calls go to %s over plain HTTP (keyport.sts.endpoint): SAML assertions cross it unencrypted."
                        + " Use it only with a local stand-in such as keyport testkit, never with real sessions.", uri));
    }
}
