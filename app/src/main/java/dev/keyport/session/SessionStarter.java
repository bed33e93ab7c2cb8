package dev.keyport.session;

import dev.keyport.aws.AccessKeys;
import dev.keyport.daemon.JvmFailures;
import dev.keyport.login.LoginService;
import dev.keyport.session.SessionTransitions.Transition;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.sts.FederatedCredentials;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gets a session's credentials and delivers them: a start, a restart (an active session started again) and a refresh
 * (fresh credentials before the current ones run out) take one path: obtain ({@link CredentialPipeline}: sign-in,
 * assertion, STS), then deliver ({@link SessionTransitions}). They differ only in where they begin, what they
 * announce, and what a failure leaves: a start that fails is FAILED; a restart or refresh that fails stays active on
 * the credentials it had, with the reason recorded (and, for a refresh, a retry planned). A stop during any of them
 * calls it off ({@link StartAttempt}).
 */
@Singleton
public class SessionStarter {
    private static final Logger LOG = Logger.getLogger(SessionStarter.class);
    private static final StartOptions SIGN_IN = new StartOptions(null, false);
    /** A sign-in no person asked for: a headless one asks nothing and sends no push (it fails instead). */
    private static final StartOptions UNATTENDED = new StartOptions(null, false, false);

    /** Where a run begins, which decides what it announces and what a failure leaves. */
    private enum Mode {
        START("start", "starting"), RESTART("start", "restarting"), REFRESH("refresh", "refreshing");

        final String what;
        final String doing;

        Mode(String what, String doing) {
            this.what = what;
            this.doing = doing;
        }
    }

    private final SessionCatalogue catalogue;
    private final SessionTransitions transitions;
    private final ProfileLocks locks;
    private final StartAttempts attempts;
    private final CredentialPipeline pipeline;
    private final CredentialVault vault;
    private final LoginService login;
    private final FailedRuns failures;
    /** Per session: one caller at a time obtains missing credentials on demand (credential_process, exec). */
    private final ConcurrentMap<String, ReentrantLock> onDemand = new ConcurrentHashMap<>();

    public SessionStarter(SessionCatalogue catalogue, SessionTransitions transitions, ProfileLocks locks,
                          StartAttempts attempts, CredentialPipeline pipeline, CredentialVault vault,
                          LoginService login, FailedRuns failures) {
        this.catalogue = catalogue;
        this.transitions = transitions;
        this.locks = locks;
        this.attempts = attempts;
        this.pipeline = pipeline;
        this.vault = vault;
        this.login = login;
        this.failures = failures;
    }

    /**
     * Starts (or restarts) a session. Returns once the credentials are delivered. On failure the exception says what
     * to fix, and the session is FAILED with the reason, except when it was active with valid credentials: then it
     * stays active on them, with the failure recorded and announced (as a failed refresh is).
     */
    public FederatedSession start(String idOrAlias, StartOptions options) {
        FederatedSession session = catalogue.find(idOrAlias);
        SessionDefinition def = session.definition();
        login.checkCanLogin(options.samlResponse(), def.loginFlow(), def.providerId());
        return run(session, options, null);
    }

    /**
     * Fresh credentials for an active session through its own login flow (silent when the IdP still knows the user),
     * announced as ROTATED. On failure the session stays active on its current credentials, the reason is recorded
     * and announced, and a retry is planned unless retrying cannot help.
     *
     * @throws KeyportException CONFLICT when the session is not active or already starting; else why it failed
     */
    public FederatedSession refresh(String idOrAlias) {
        return refresh(idOrAlias, SIGN_IN);
    }

    private FederatedSession refresh(String idOrAlias, StartOptions options) {
        FederatedSession session = catalogue.find(idOrAlias);
        if (session.status() != SessionStatus.ACTIVE) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias() + "' is "
                    + session.status() + "; only an active session can be refreshed. Start it instead.");
        }
        return run(session, options, Mode.REFRESH);
    }

    /**
     * A refresh the {@link SessionKeeper} begins: failures are recorded on the session, not thrown. No one is there to
     * answer, so a headless sign-in that would need the person fails with a message saying so.
     */
    public void refreshQuietly(String id) {
        try {
            refresh(id, UNATTENDED);
        } catch (KeyportException e) {
            // Recorded on the session and announced (or it was already refreshing, or stopped meanwhile).
        } catch (RuntimeException e) {
            LOG.errorf(e, "Refreshing session %s failed unexpectedly", id);
        }
    }

    /** The credentials of an active session, for credential_process, exec and the console. */
    public AwsCredentials credentials(String idOrAlias) {
        FederatedSession session = catalogue.find(idOrAlias);
        String alias = session.definition().alias();
        if (session.status() != SessionStatus.ACTIVE) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias + "' is " + session.status()
                    + ", so it has no credentials. Start it first.");
        }
        return vault.credentialsFor(session.id())
                .filter(c -> c.expiration().isAfter(transitions.now()))
                .orElseThrow(() -> new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias
                        + "' was started by an earlier run of the daemon, which kept its credentials in memory only."
                        + " Refresh it (keyport session refresh), or ask with start=true (keyport credential-process"
                        + " does) to refresh it on demand."));
    }

    /**
     * The session's credentials, obtaining them first when there are none: an active session whose credentials this
     * daemon run never saw (started before a restart) is refreshed, any other session is started. Valid credentials
     * are returned as they are, without an IdP round trip.
     */
    public AwsCredentials credentialsStartingIfNeeded(String idOrAlias) {
        String id = catalogue.find(idOrAlias).id();
        Optional<AwsCredentials> held = held(id);
        if (held.isPresent()) {
            return held.get();
        }
        // Several AWS calls at once (credential_process runs for each) must share one sign-in, not race to start:
        // the first obtains the credentials, the others wait for it and then find them held.
        ReentrantLock lock = onDemand.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            held = held(id);
            if (held.isPresent()) {
                return held.get();
            }
            FederatedSession session = catalogue.current(id);
            // Asked for by a program (credential_process, exec), not a person at a prompt.
            run(session, UNATTENDED, session.status() == SessionStatus.ACTIVE ? Mode.REFRESH : null);
            return credentials(id);
        } finally {
            lock.unlock();
        }
    }

    /** Whether this daemon run holds credentials for the session (not so after a restart, for one whose
     *  credentials lived in memory only: its next use signs in again). */
    public boolean holdsCredentials(String id) {
        return vault.credentialsFor(id).isPresent();
    }

    private Optional<AwsCredentials> held(String id) {
        return catalogue.byId(id).filter(s -> s.status() == SessionStatus.ACTIVE)
                .flatMap(s -> vault.credentialsFor(id))
                .filter(c -> c.expiration().isAfter(transitions.now()));
    }

    /** The one path of a start, restart or refresh ({@code mode} null: a start or restart, decided here). */
    private FederatedSession run(FederatedSession session, StartOptions options, Mode requested) {
        String id = session.id();
        // Registered and read while no edit is half done: an edit either lands before (and this run delivers for the
        // new definition) or sees the run under way (and may not change what it delivers for).
        StartAttempt attempt = catalogue.whileDefinitionsHold(() -> attempts.begin(id, session.definition().alias(),
                requested == Mode.REFRESH ? "refresh" : "start"));
        FederatedSession before;
        try {
            before = catalogue.current(id);
        } catch (RuntimeException deletedMeanwhile) {
            attempts.end(id, attempt);
            throw deletedMeanwhile;
        }
        Mode mode = requested != null ? requested : failures.holdsValidCredentials(before) ? Mode.RESTART : Mode.START;
        try {
            if (mode != Mode.REFRESH) {
                begin(before, mode, attempt);
            }
            List<String> warnings = new ArrayList<>();
            FederatedCredentials obtained;
            try {
                SessionDefinition def = catalogue.current(id).definition();
                // A chained session's parent is started (or refreshed) first, outside this run's interruptible part:
                // a stop of this session must not interrupt, and so fail, the parent's own sign-in.
                CredentialPipeline.Parent parent = def.chained() && options.samlResponse() == null
                        ? parentOf(def) : null;
                attempt.signingIn();
                try {
                    obtained = pipeline.obtain(id, def, options.samlResponse(), options.attended(),
                            reason -> waitingForUser(before, mode, reason), () -> parent, warnings);
                } finally {
                    attempt.signedIn();
                }
            } catch (RuntimeException | Error e) {
                KeyportException failure = failed(before, mode, FailedRuns.unexpected(e, before), attempt);
                JvmFailures.rethrowIfJvmFailure(e); // recorded on the session, and not hidden behind a message
                throw failure;
            }
            warnings.addAll(obtained.warnings());
            return locks.with(before.definition().profileName(),
                    () -> deliver(before, mode, obtained, warnings, options.replaceProfile(), attempt));
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, the session must not stay PENDING (or ACTIVE "restarting"): record it, unless that
            // was done already, and say so.
            KeyportException failure = FailedRuns.unexpected(e, session);
            if (failure != e && !attempt.cancelled()) {
                try {
                    locks.with(session.definition().profileName(), () -> {
                        SessionStatus now = catalogue.byId(id).map(FederatedSession::status).orElse(null);
                        if (now == SessionStatus.PENDING || (now == SessionStatus.ACTIVE && mode != Mode.START)) {
                            failures.record(before, mode == Mode.REFRESH, mode == Mode.RESTART, failure);
                        }
                        return null;
                    });
                } catch (RuntimeException recording) {
                    LOG.errorf(recording, "Session %s: recording the failure failed", session.definition().alias());
                }
            }
            JvmFailures.rethrowIfJvmFailure(e);
            throw failure;
        } finally {
            attempts.end(id, attempt);
        }
    }

    /** START, or RESTART for a session that stays active meanwhile; credentials that ran out are withdrawn first. */
    private void begin(FederatedSession before, Mode mode, StartAttempt attempt) {
        String id = before.id();
        Instant now = transitions.now();
        locks.with(before.definition().profileName(), () -> {
            if (attempt.cancelled()) {
                // A stop came between registering this run and beginning it: it has already made the session
                // INACTIVE, and this run must not make it PENDING again.
                throw FailedRuns.stoppedWhileStarting(before);
            }
            if (mode == Mode.RESTART) {
                transitions.move(id, Transition.RESTART, s -> s.withDetail("restarting", now), null);
                return null;
            }
            FederatedSession current = catalogue.current(id);
            if (current.status() == SessionStatus.ACTIVE) {
                transitions.move(id, Transition.EXPIRE, s -> s.expired(now), null);
            }
            return transitions.move(id, Transition.START, s -> SessionState.pending(now), null)
                    .orElseThrow(() -> SessionCatalogue.gone(before.definition().alias()));
        });
    }

    /**
     * The login waits for the user: the session says so (API) and a STARTING event carries the reason. Under the
     * profile lock, so that it is ordered with a stop: once a stop has published STOPPED, this changes nothing.
     */
    private void waitingForUser(FederatedSession session, Mode mode, String reason) {
        Instant now = transitions.now();
        locks.with(session.definition().profileName(), () -> transitions.move(session.id(), Transition.WAIT_FOR_USER,
                s -> mode == Mode.START ? SessionState.pending(reason, now) : s.withDetail(mode.doing + ": " + reason, now),
                null));
    }

    /** A chained session's parent, with credentials (the parent is started or refreshed first when it has none). */
    private CredentialPipeline.Parent parentOf(SessionDefinition def) {
        FederatedSession parent = catalogue.byId(def.parentSession()).orElseThrow(() -> new KeyportException(
                ErrorCategory.CONFLICT, "The parent session of '" + def.alias()
                + "' no longer exists; edit the session to name another parent."));
        AwsCredentials credentials = credentialsStartingIfNeeded(parent.id());
        return new CredentialPipeline.Parent(parent.definition(), credentials,
                catalogue.current(parent.id()).state().identityArn());
    }

    /** Delivers what was obtained, unless a stop came in the meantime (then it is discarded). */
    private FederatedSession deliver(FederatedSession before, Mode mode, FederatedCredentials obtained,
                                     List<String> warnings, boolean replaceProfile, StartAttempt attempt) {
        String id = before.id();
        FederatedSession current = catalogue.current(id);
        if (attempt.cancelled() || (mode == Mode.REFRESH && current.status() != SessionStatus.ACTIVE)) {
            LOG.infof("Session %s was stopped while %s; the credentials obtained are discarded",
                    current.definition().alias(), mode.doing);
            if (mode == Mode.REFRESH) {
                return current;
            }
            throw FailedRuns.stoppedWhileStarting(current);
        }
        AwsCredentials credentials = obtained.credentials();
        Instant now = transitions.now();
        try {
            if (mode == Mode.REFRESH) {
                FederatedSession refreshed = transitions.deliver(id, Transition.ROTATE, credentials,
                        s -> SessionState.active(credentials.expiration(), obtained.durationSeconds(), warnings,
                                obtained.identityArn(), now), false).orElse(current);
                LOG.infof("Session %s refreshed; credentials %s expire at %s", refreshed.definition().alias(),
                        AccessKeys.masked(credentials.accessKeyId()), credentials.expiration());
                return refreshed;
            }
            stopOthersOnTheProfile(current, warnings);
            FederatedSession active = transitions.deliver(id, Transition.ACTIVATE, credentials,
                    s -> SessionState.active(credentials.expiration(), obtained.durationSeconds(), warnings,
                            obtained.identityArn(), now), replaceProfile)
                    // Not allowed any more: a stop (or a delete) won the race for the profile lock.
                    .orElseThrow(() -> FailedRuns.stoppedWhileStarting(current));
            LOG.infof("Session %s started; credentials %s expire at %s", active.definition().alias(),
                    AccessKeys.masked(credentials.accessKeyId()), credentials.expiration());
            return active;
        } catch (KeyportException e) {
            // Nothing new was delivered: what the session had stays as it was.
            failures.record(before, mode == Mode.REFRESH, mode == Mode.RESTART, e);
            throw e;
        }
    }

    /** Only one session is active on a profile: the one starting now takes it over. */
    private void stopOthersOnTheProfile(FederatedSession session, List<String> warnings) {
        String profile = session.definition().profileName();
        for (FederatedSession other : catalogue.list()) {
            if (other.status() == SessionStatus.ACTIVE && other.definition().profileName().equals(profile)
                    && !other.id().equals(session.id())) {
                LOG.infof("Stopping session %s: session %s starts on the same profile %s",
                        other.definition().alias(), session.definition().alias(), profile);
                // As a stop does: a refresh of the other session under way is called off, so it cannot take the
                // profile back once this start has delivered.
                attempts.cancel(other.id());
                transitions.move(other.id(), Transition.STOP, s -> SessionState.inactive(transitions.now()), null);
                warnings.add("Session '" + other.definition().alias() + "' was active on profile " + profile
                        + " and has been stopped: a profile serves one session at a time.");
            }
        }
    }

    /**
     * Records why obtaining credentials failed and returns what to throw. A run called off by a stop changes nothing
     * more: the stop already withdrew everything.
     */
    private KeyportException failed(FederatedSession before, Mode mode, KeyportException e, StartAttempt attempt) {
        if (!attempt.cancelled()) {
            locks.with(before.definition().profileName(), () -> {
                if (!attempt.cancelled()) {
                    failures.record(before, mode == Mode.REFRESH, mode == Mode.RESTART, e);
                }
                return null;
            });
        }
        return attempt.cancelled() && mode != Mode.REFRESH ? FailedRuns.stoppedWhileStarting(before) : e;
    }
}
