package dev.keyport.delivery;

import dev.keyport.daemon.KeyportHome;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import dev.keyport.writer.ProfileCommand;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The config profile runs {@code keyport credential-process --home HOME SESSION-ID} ({@code credential_process = ...}), which
 * asks the daemon each time; the credentials file holds nothing for the profile, and the credentials live in the
 * daemon's memory only (a restart needs a new sign-in, which credential-process asks for on demand).
 */
@Singleton
class CredentialProcessDelivery implements CredentialDelivery {
    /** The setting that overrides the command a credential_process profile runs. */
    static final String COMMAND_KEY = "keyport.delivery.credential-process-command";

    private final ProfileCommands writer;
    private final KeyportHome home;
    private final Optional<String> configuredCommand;
    /** Sessions whose credentials credential_process answers with in this run, for a stop's report. */
    private final Set<String> answering = ConcurrentHashMap.newKeySet();

    CredentialProcessDelivery(ProfileCommands writer, KeyportHome home,
                              @ConfigProperty(name = COMMAND_KEY) Optional<String> configuredCommand) {
        this.writer = writer;
        this.home = home;
        this.configuredCommand = configuredCommand;
    }

    @Override
    public boolean serves(DeliveryMethod method) {
        return method == DeliveryMethod.CREDENTIAL_PROCESS;
    }

    @Override
    public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                        boolean replaceProfile) {
        writer.send(new ProfileCommand.WriteCredentialProcess(cause, target.sessionId(), target.profileName(),
                target.region(), commandFor(target), replaceProfile), target.alias());
        answering.add(target.sessionId());
    }

    @Override
    public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
        List<String> report = new java.util.ArrayList<>(writer.send(new ProfileCommand.Withdraw(cause,
                target.sessionId(), target.profileName()), target.alias()).lines());
        if (answering.remove(target.sessionId())) {
            report.add("forgot the credentials credential_process was answering with");
        }
        return report;
    }

    @Override
    public Optional<AwsCredentials> restore(DeliveryTarget target) {
        return Optional.empty();
    }

    @Override
    public Optional<String> describe(DeliveryTarget target) {
        return Optional.of("credential_process = " + commandFor(target) + " in profile [" + target.profileName() + "]");
    }

    /**
     * The command line the profile runs. It names this daemon's home, where the CLI finds the daemon's socket and
     * token: the AWS tools run it from any process of the user (a shell, an IDE), with whatever KEYPORT_HOME that
     * process has, or none. (The CLI needs no port: it talks to the daemon over the socket in the home.)
     */
    String commandFor(DeliveryTarget target) {
        return launcher() + " credential-process --home " + quoted(home.dir().toString()) + " " + target.sessionId();
    }

    /** The configured command line as it is; else the launcher path (quoted if it has spaces), else keyport. */
    private String launcher() {
        Optional<String> configured = configuredCommand.filter(c -> !c.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        String launcher = Optional.ofNullable(System.getenv("KEYPORT_LAUNCHER")).filter(c -> !c.isBlank())
                .orElse("keyport");
        return quoted(launcher);
    }

    /**
     * A path as one word of the line. The AWS CLI splits it like a POSIX shell (shlex), and other SDKs run it through
     * {@code sh -c}: a path of plain characters stays as it is, any other is single-quoted (an inner {@code '} becomes
     * {@code '\''}), which both read back exactly, with nothing expanded or run. A {@code #} or {@code ;} after a
     * space cannot be written at all: the AWS files' parsers take it for a comment and cut the line there.
     */
    static String quoted(String path) {
        if (path.matches(".*\\s[#;].*")) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The path " + path + " cannot go into a"
                    + " credential_process line: the AWS tools read ' #' and ' ;' as the start of a comment. Use a"
                    + " Keyport home (KEYPORT_HOME) and launcher whose paths have neither.");
        }
        if (path.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
