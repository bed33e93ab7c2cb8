package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Carries out {@link ProfileCommand}s on the AWS shared credentials and config files: writes a profile when a session
 * starts or rotates, withdraws it when the session stops, expires or is deleted, reads back what it wrote after a
 * restart. The session id is passed as the sections' owner, so withdrawing one session never removes a profile that
 * another session sharing the same profile name has written since.
 *
 * <p>A failure nacks the command so the host can report it; commands that arrive together are written together. The file logic lives in
 * {@link ProfileWriter}; this class only maps commands to calls.
 */
@ApplicationScoped
public class CredentialsWriter {

    private final ProfileWriter profiles;

    /** For the CDI client proxy only. */
    protected CredentialsWriter() {
        this.profiles = null;
    }

    /** CDI constructor: file locations from the Keyport settings, else the AWS variables, else {@code ~/.aws}. */
    @Inject
    public CredentialsWriter(@ConfigProperty(name = AwsFileLocations.CREDENTIALS_FILE_KEY) Optional<String> credentialsFile,
                             @ConfigProperty(name = AwsFileLocations.CONFIG_FILE_KEY) Optional<String> configFile) {
        this(new ProfileWriter(AwsFileLocations.resolve(credentialsFile, configFile)));
    }

    /** Wires the bean by hand (tests, or a host without CDI). */
    public CredentialsWriter(ProfileWriter profiles) {
        this.profiles = profiles;
    }

    /**
     * The messaging entry point: acknowledges the command once it is carried out, or nacks it with the failure, which
     * reaches the sender (and so the user who started the session). Nacking explicitly rather than throwing keeps
     * an expected refusal, such as a profile Keyport does not own, from being logged as a framework error.
     *
     * <p>Returns at once, before the files are written: the channel hands over the next command meanwhile, so that
     * commands arriving together are written together ({@link ProfileWriter}'s group commit). The sender waits for the
     * acknowledgement, not for this method.
     */
    @Incoming(ProfileCommand.CHANNEL)
    public CompletionStage<Void> onMessage(Message<ProfileCommand> message) {
        ProfileCommand command = message.getPayload();
        CompletionStage<List<String>> done;
        try {
            done = handleAsync(command);
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        done.whenComplete((lines, failure) -> {
            if (failure != null) {
                message.nack(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            try {
                Optional<AwsCredentials> readBack = command instanceof ProfileCommand.ReadBack r
                        ? readBack(r) : Optional.empty();
                message.getMetadata(ProfileCommandResult.class).ifPresent(result -> result.record(lines, readBack));
            } catch (RuntimeException e) {
                message.nack(e);
                return;
            }
            message.ack();
        });
        return CompletableFuture.completedFuture(null);
    }

    /**
     * At daemon start: removes the temp files a run killed mid-write left next to the AWS files (only Keyport's own
     * naming, under the files' lock), and makes the lock sidecars private again if they are not.
     */
    void onStart(@Observes Startup startup) {
        if (profiles != null) {
            profiles.removeStrayTempFiles();
        }
    }

    /**
     * Carries out one command; see the class description.
     *
     * @return what was withdrawn or put back, one line each (empty for writes and read-backs)
     */
    public List<String> handle(ProfileCommand command) {
        return profiles.awaitWritten(handleAsync(command).toCompletableFuture());
    }

    /** {@link #handle} without waiting for the files; invalid input is refused at once, by throwing. */
    public CompletionStage<List<String>> handleAsync(ProfileCommand command) {
        if (command instanceof ProfileCommand.WriteKeys w) {
            return profiles.writeProfileAsync(w.profileName(), w.sessionId(), w.credentials(), w.region(),
                    takesOver(w.cause(), w.replaceProfile())).thenApply(ignored -> List.of());
        } else if (command instanceof ProfileCommand.WriteCredentialProcess w) {
            return profiles.writeCredentialProcessProfileAsync(w.profileName(), w.sessionId(), w.command(), w.region(),
                    takesOver(w.cause(), w.replaceProfile())).thenApply(ignored -> List.of());
        } else if (command instanceof ProfileCommand.Withdraw w) {
            // Only the session's own sections go: another session sharing the profile name may own it by now.
            return profiles.removeProfileAsync(w.profileName(), w.sessionId());
        }
        // A read-back reads the file once the changes sent before it are written, so it never overtakes them.
        return profiles.afterQueuedChanges().thenApply(ignored -> List.of());
    }

    /** The keys this writer wrote for a session that are still in the credentials file (after a daemon restart). */
    public Optional<AwsCredentials> readBack(ProfileCommand.ReadBack command) {
        return profiles.readDelivered(command.profileName(), command.sessionId());
    }

    /** A rotation never takes over a section: only an explicit start request may. */
    private static boolean takesOver(SessionEvent.Kind cause, boolean replaceProfile) {
        return cause == SessionEvent.Kind.STARTED && replaceProfile;
    }
}
