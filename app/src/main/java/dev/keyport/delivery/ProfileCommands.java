package dev.keyport.delivery;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.writer.ProfileCommand;
import dev.keyport.writer.ProfileCommandResult;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@link ProfileCommand}s to the credentials writer and waits for it to acknowledge: a start is only reported
 * done once its profile is written, and a refusal by the writer (say, a profile it does not own) reaches the user as
 * the start's error.
 */
@Singleton
class ProfileCommands {
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(ProfileCommands.class);

    private final Emitter<ProfileCommand> emitter;

    ProfileCommands(@Channel(ProfileCommand.CHANNEL) Emitter<ProfileCommand> emitter) {
        this.emitter = emitter;
    }

    /**
     * @param alias the session's, for messages
     * @throws KeyportException the writer's own failure (its message says what to fix), or INTERNAL/UNAVAILABLE when
     *                          the command failed otherwise
     */
    ProfileCommandResult send(ProfileCommand command, String alias) {
        ProfileCommandResult result = new ProfileCommandResult();
        CompletableFuture<Void> handled = new CompletableFuture<>();
        Message<ProfileCommand> message = Message.of(command, Metadata.of(result), () -> {
            handled.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            handled.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        String what = command.getClass().getSimpleName();
        try {
            emitter.send(message);
            handled.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return result;
        } catch (ExecutionException | CompletionException e) {
            throw asKeyportException(what, alias, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Updating profile " + command.profileName()
                    + " of session " + alias + " took over " + ACK_TIMEOUT_SECONDS + " s; is another program"
                    + " holding a lock on the AWS credentials file?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.INTERNAL, "Interrupted while updating profile "
                    + command.profileName() + " of session " + alias, e);
        }
    }

    private static KeyportException asKeyportException(String what, String alias, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeyportException ke) {
                return ke;
            }
        }
        // Not a Keyport exception: a bug or an I/O failure in the writer. The caller sees only its type; the daemon
        // log gets the stack trace the message points to (the writer handles credentials only through
        // KeyportException-checked code paths, and I/O exceptions carry file paths, not file contents).
        LOG.errorf(failure, "%s for session %s failed", what, alias);
        return new KeyportException(ErrorCategory.INTERNAL, what + " for session " + alias + " failed ("
                + failure.getClass().getName() + "); see the daemon log.");
    }
}
