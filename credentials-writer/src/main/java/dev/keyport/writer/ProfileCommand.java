package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionEvent;

import java.util.Objects;
import java.util.Set;

/**
 * What the host asks the writer to do with one session's named profile, sent on the {@value #CHANNEL} channel. It is
 * the only way credentials reach the writer: they travel with the command that asks for them, never on the public,
 * secret-free {@link SessionEvent}, and the writer never asks the host for them. Every command names the lifecycle
 * event it carries out ({@code cause}), so the writer's rules read as reactions to "started", "rotated", "stopped".
 *
 * <p>{@code toString()} of every command is safe to log: {@link AwsCredentials} masks itself.
 */
public sealed interface ProfileCommand {
    /** The in-memory channel the host sends commands on and the writer consumes. */
    String CHANNEL = "profile-commands";

    /** The session the profile is written for; its id marks the sections it owns. */
    String sessionId();

    /** The named profile ({@code --profile NAME}). */
    String profileName();

    /**
     * Write the keys to the credentials file and the region to the config file.
     *
     * @param cause          {@code STARTED} or {@code ROTATED}; a rotation never takes over a section the user wrote
     * @param replaceProfile for a start: the user asked to replace a section Keyport did not write (a backup is kept)
     */
    record WriteKeys(SessionEvent.Kind cause, String sessionId, String profileName, String region,
                     AwsCredentials credentials, boolean replaceProfile) implements ProfileCommand {
        public WriteKeys {
            requireOneOf(cause, DELIVERING);
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /**
     * Write a config profile that runs {@code command} ({@code credential_process}); the credentials file holds
     * nothing for the profile.
     */
    record WriteCredentialProcess(SessionEvent.Kind cause, String sessionId, String profileName, String region,
                                  String command, boolean replaceProfile) implements ProfileCommand {
        public WriteCredentialProcess {
            requireOneOf(cause, DELIVERING);
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * Remove the session's own sections ({@code STOPPED}, {@code EXPIRED}, {@code DELETED}); a section another session
     * sharing the name wrote since stays, and the user's own section comes back where Keyport had replaced it.
     */
    record Withdraw(SessionEvent.Kind cause, String sessionId, String profileName) implements ProfileCommand {
        public Withdraw {
            requireOneOf(cause, WITHDRAWING);
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(profileName, "profileName");
        }
    }

    /**
     * Read back the keys this writer wrote for the session, if the credentials file still holds them (after a
     * daemon restart). The answer is in {@link ProfileCommandResult#readBack()}.
     */
    record ReadBack(String sessionId, String profileName) implements ProfileCommand {
        public ReadBack {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(profileName, "profileName");
        }
    }

    Set<SessionEvent.Kind> DELIVERING = Set.of(SessionEvent.Kind.STARTED, SessionEvent.Kind.ROTATED);
    Set<SessionEvent.Kind> WITHDRAWING = Set.of(SessionEvent.Kind.STOPPED, SessionEvent.Kind.EXPIRED,
            SessionEvent.Kind.DELETED);

    private static void requireOneOf(SessionEvent.Kind cause, Set<SessionEvent.Kind> allowed) {
        if (!allowed.contains(cause)) {
            throw new IllegalArgumentException("cause must be one of " + allowed + ", not " + cause);
        }
    }
}
