package dev.keyport.session;

import dev.keyport.plugin.ProviderEventRelay;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import dev.keyport.writer.DeliveryReport;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes lifecycle events on the {@value #CHANNEL} channel and waits for the consumer (the credentials writer) to
 * acknowledge: a start is only reported done once its credentials are delivered, and a refusal by the writer (say,
 * a profile it does not own) reaches the user as the start's error. Providers and the live event stream get the
 * event afterwards.
 */
@Singleton
public class SessionEventPublisher {
    public static final String CHANNEL = "session-events";
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(SessionEventPublisher.class);

    private final Emitter<SessionEvent> emitter;
    private final ProviderEventRelay providers;
    private final SessionEventStream watchers;

    public SessionEventPublisher(@Channel(CHANNEL) Emitter<SessionEvent> emitter, ProviderEventRelay providers,
                                 SessionEventStream watchers) {
        this.emitter = emitter;
        this.providers = providers;
        this.watchers = watchers;
    }

    /**
     * @return what the writer withdrew or put back for this event, one line each (for a stop's answer)
     * @throws KeyportException the consumer's own failure (its message says what to fix), or INTERNAL/UNAVAILABLE
     *                          when delivery failed otherwise
     */
    public List<String> publish(SessionEvent event) {
        DeliveryReport report = new DeliveryReport();
        CompletableFuture<Void> handled = new CompletableFuture<>();
        Message<SessionEvent> message = Message.of(event, Metadata.of(report), () -> {
            handled.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            handled.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        try {
            emitter.send(message);
            handled.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return report.lines();
        } catch (ExecutionException | CompletionException e) {
            throw asKeyportException(event, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Delivering the " + event.kind()
                    + " event of session " + event.session().alias() + " took over " + ACK_TIMEOUT_SECONDS
                    + " s; is another program holding a lock on the AWS credentials file?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.INTERNAL, "Interrupted while delivering " + event.kind(), e);
        } finally {
            providers.relay(event);
            watchers.publish(event);
        }
    }

    private static KeyportException asKeyportException(SessionEvent event, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeyportException ke) {
                return ke;
            }
        }
        // Not a Keyport exception: a bug or an I/O failure in a consumer. The caller sees only its type; the daemon
        // log gets the stack trace the message points to (consumers handle credentials only through
        // KeyportException-checked code paths, and I/O exceptions carry file paths, not file contents).
        LOG.errorf(failure, "Delivering the %s event of session %s failed", event.kind(), event.session().alias());
        return new KeyportException(ErrorCategory.INTERNAL, "Delivering the " + event.kind() + " event of session "
                + event.session().alias() + " failed (" + failure.getClass().getName() + "); see the daemon log.");
    }
}
