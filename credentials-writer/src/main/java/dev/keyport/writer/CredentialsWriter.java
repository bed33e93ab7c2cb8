package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionCredentialsSource;
import dev.keyport.spi.SessionEvent;
import dev.keyport.spi.SessionSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Delivers session credentials to the AWS shared credentials and config files as session events arrive: writes the
 * profile when a session starts or rotates, withdraws it when the session stops, expires or is deleted. The session id
 * is passed as the sections' owner, so withdrawing one session never removes a profile that another session sharing
 * the same profile name has written since.
 *
 * <p>Handling is synchronous; a failure nacks the event so the host can report it.
 * The file logic lives in {@link ProfileWriter}; this class only maps events to calls.
 */
@ApplicationScoped
public class CredentialsWriter {

    private final SessionCredentialsSource credentialsSource;
    private final ProfileWriter profiles;

    /** For the CDI client proxy only. */
    protected CredentialsWriter() {
        this.credentialsSource = null;
        this.profiles = null;
    }

    /** CDI constructor: file locations from the Keyport settings, else the AWS variables, else {@code ~/.aws}. */
    @Inject
    public CredentialsWriter(SessionCredentialsSource credentialsSource,
                             @ConfigProperty(name = AwsFileLocations.CREDENTIALS_FILE_KEY) Optional<String> credentialsFile,
                             @ConfigProperty(name = AwsFileLocations.CONFIG_FILE_KEY) Optional<String> configFile) {
        this(credentialsSource, new ProfileWriter(AwsFileLocations.resolve(credentialsFile, configFile)));
    }

    /** Wires the bean by hand (tests, or a host without CDI). */
    public CredentialsWriter(SessionCredentialsSource credentialsSource, ProfileWriter profiles) {
        this.credentialsSource = credentialsSource;
        this.profiles = profiles;
    }

    /**
     * The messaging entry point: acknowledges the event once it is handled, or nacks it with the failure, which
     * reaches the publisher (and so the user who started the session). Nacking explicitly rather than throwing keeps
     * an expected refusal, such as a profile Keyport does not own, from being logged as a framework error.
     */
    @Incoming("session-events")
    public CompletionStage<Void> onMessage(Message<SessionEvent> message) {
        try {
            List<String> done = onSessionEvent(message.getPayload());
            message.getMetadata(DeliveryReport.class).ifPresent(report -> report.addAll(done));
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return message.ack();
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
     * What this writer delivered for a session that is still in the credentials file (after a daemon restart);
     * empty for a credential_process session, whose credentials were never written.
     */
    public Optional<AwsCredentials> delivered(SessionSummary session) {
        if (session.credentialProcess() != null) {
            return Optional.empty();
        }
        return profiles.readDelivered(session.profileName(), session.id());
    }

    /**
     * Removes what the files still hold for a session that is not active (after a run killed in the middle of a
     * stop): its own sections only, the user's own put back where they were replaced.
     *
     * @return what was removed or put back, one line each
     */
    public List<String> withdrawLeftovers(SessionSummary session) {
        return profiles.removeProfile(session.profileName(), session.id());
    }

    /**
     * Reacts to one session event; see the class description.
     *
     * @return what was withdrawn or put back, one line each (empty for deliveries and for events that change nothing)
     */
    public List<String> onSessionEvent(SessionEvent event) {
        SessionSummary session = event.session();
        switch (event.kind()) {
            case STARTED, ROTATED -> {
                // A rotation never takes over a section: only an explicit start request may.
                boolean replaceForeign = event.kind() == SessionEvent.Kind.STARTED && event.replaceForeignProfile();
                if (session.credentialProcess() != null) {
                    profiles.writeCredentialProcessProfile(session.profileName(), session.id(),
                            session.credentialProcess(), session.region(), replaceForeign);
                    return List.of();
                }
                AwsCredentials credentials = credentialsSource.credentialsFor(session.id())
                        .orElseThrow(() -> new KeyportException(ErrorCategory.INTERNAL, "Session " + session.id()
                                + " reported new credentials but none are available; profile "
                                + session.profileName() + " was not written."));
                profiles.writeProfile(session.profileName(), session.id(), credentials, session.region(),
                        replaceForeign);
                return List.of();
            }
            // Only the session's own sections go: another session sharing the profile name may own it by now.
            case STOPPED, EXPIRED, DELETED -> {
                return profiles.removeProfile(session.profileName(), session.id());
            }
            default -> {
                // STARTING and FAILED deliver nothing and withdraw nothing.
                return List.of();
            }
        }
    }
}
