package dev.keyport.delivery;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The delivery seam the lifecycle talks to: hands a session's credentials to every {@link CredentialDelivery} that
 * serves its {@link DeliveryMethod}, and takes them back from all of them. The channels are whatever CDI beans
 * implement the interface, taken in their {@link CredentialDelivery#order()} so that reports read the same every time.
 */
@Singleton
public class Deliveries {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    private final List<CredentialDelivery> channels;

    @Inject
    public Deliveries(Instance<CredentialDelivery> channels) {
        this(channels.stream().toList());
    }

    /** Wires the channels by hand (tests). */
    public Deliveries(List<CredentialDelivery> channels) {
        this.channels = channels.stream()
                .sorted(Comparator.comparingInt(CredentialDelivery::order)
                        .thenComparing(c -> c.getClass().getName()))
                .toList();
    }

    /**
     * Delivers new credentials through every channel serving the session. When one fails, those after it are not
     * asked and the failure is thrown: the lifecycle then keeps (or withdraws) what the session had before.
     */
    public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                        boolean replaceProfile) {
        for (CredentialDelivery channel : serving(target)) {
            channel.deliver(target, credentials, cause, replaceProfile);
        }
    }

    /**
     * Withdraws from every channel serving the session, even when one of them fails (its failure is thrown once the
     * others are done, so nothing stays delivered because another channel had a problem).
     *
     * @return what was withdrawn, one line each
     */
    public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
        List<String> report = new ArrayList<>();
        KeyportException first = null;
        for (CredentialDelivery channel : serving(target)) {
            try {
                report.addAll(channel.withdraw(target, cause));
            } catch (KeyportException e) {
                first = first == null ? e : first;
            } catch (RuntimeException e) {
                // A bug in a channel: the trace goes to the log, the caller learns that something stayed behind.
                LOG.errorf(e, "Withdrawing the credentials of session %s from %s failed", target.alias(),
                        channel.getClass().getSimpleName());
                first = first == null ? new KeyportException(ErrorCategory.INTERNAL, "Withdrawing the credentials of"
                        + " session " + target.alias() + " failed (" + e.getClass().getName() + "); see the daemon"
                        + " log.") : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return report;
    }

    /** After a restart: the credentials a channel still holds from the last run for an active session. */
    public Optional<AwsCredentials> restore(DeliveryTarget target) {
        for (CredentialDelivery channel : serving(target)) {
            Optional<AwsCredentials> held = channel.restore(target);
            if (held.isPresent()) {
                return held;
            }
        }
        return Optional.empty();
    }

    /** Where tools find the session's credentials, one line per channel that holds something. */
    public List<String> describe(DeliveryTarget target) {
        return serving(target).stream().map(c -> c.describe(target)).flatMap(Optional::stream).toList();
    }

    private List<CredentialDelivery> serving(DeliveryTarget target) {
        return channels.stream().filter(c -> c.serves(target.method())).toList();
    }
}
