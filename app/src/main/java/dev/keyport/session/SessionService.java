package dev.keyport.session;

import dev.keyport.aws.AccessKeys;
import dev.keyport.login.LoginService;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.SessionEvent;
import dev.keyport.spi.SessionSummary;
import dev.keyport.sts.FederatedCredentials;
import dev.keyport.writer.CredentialsWriter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lifecycle of federated sessions: create, edit, start, refresh, stop, expire, delete.
 *
 * <p>Data flows one way: a start or refresh asks the {@link CredentialPipeline} for credentials (sign-in, assertion,
 * STS; or the parent's credentials for a chained session), keeps them in the {@link CredentialVault}, and the
 * {@link SessionEventPublisher} announces the result, which the credentials writer turns into a profile.
 *
 * <p>Sessions that share a named profile are serialised on a per-profile lock, and only one of them is active at a
 * time: starting one stops the other.
 */
@Singleton
public class SessionService {
    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionStore store;
    private final SessionValidator validator;
    private final LoginService login;
    private final CredentialPipeline pipeline;
    private final CredentialVault vault;
    private final SessionEventPublisher events;
    private final SessionConfig config;
    private final RefreshPolicy policy;
    private final CredentialsWriter writer;
    private final Clock clock;

    private final Object definitions = new Object();
    private final ConcurrentMap<String, ReentrantLock> profileLocks = new ConcurrentHashMap<>();
    /** Per session: one caller at a time obtains missing credentials on demand (credential_process, exec). */
    private final ConcurrentMap<String, ReentrantLock> obtainLocks = new ConcurrentHashMap<>();
    /** Starts and refreshes under way, by session id: at most one per session, and a stop can call it off. */
    private final ConcurrentMap<String, StartAttempt> attempts = new ConcurrentHashMap<>();
    private final Instance<CredentialHolder> holders;

    public SessionService(SessionStore store, SessionValidator validator, LoginService login,
                          CredentialPipeline pipeline, CredentialVault vault, SessionEventPublisher events,
                          SessionConfig config, RefreshPolicy policy, CredentialsWriter writer,
                          Instance<CredentialHolder> holders) {
        this.store = store;
        this.validator = validator;
        this.login = login;
        this.pipeline = pipeline;
        this.vault = vault;
        this.events = events;
        this.config = config;
        this.policy = policy;
        this.writer = writer;
        this.holders = holders;
        this.clock = Clock.systemUTC();
    }

    public List<FederatedSession> list() {
        return store.all();
    }

    /** A session by id, else by alias (case-insensitive). */
    public FederatedSession find(String idOrAlias) {
        return store.byId(idOrAlias).or(() -> store.all().stream()
                        .filter(s -> s.definition().alias().toLowerCase(Locale.ROOT).equals(idOrAlias.toLowerCase(Locale.ROOT)))
                        .findFirst())
                .orElseThrow(() -> new KeyportException(ErrorCategory.NOT_FOUND, "No session has the id or alias '"
                        + idOrAlias + "'. List sessions with GET /api/v1/sessions."));
    }

    public FederatedSession create(SessionDefinition definition) {
        synchronized (definitions) {
            SessionDefinition valid = validator.validate(definition, store.all());
            FederatedSession session = new FederatedSession(UUID.randomUUID().toString(), valid,
                    SessionState.inactive(now()), now());
            store.save(session);
            LOG.infof("Session %s created (%s, profile %s)", valid.alias(), session.id(), valid.profileName());
            return session;
        }
    }

    /**
     * Replaces a session's definition. While the session is active or starting, only what does not affect delivered
     * credentials (alias, SAML URL, provider, requested duration) may change.
     */
    public FederatedSession update(String idOrAlias, SessionDefinition definition) {
        synchronized (definitions) {
            FederatedSession current = find(idOrAlias);
            List<FederatedSession> others = store.all().stream().filter(s -> !s.id().equals(current.id())).toList();
            SessionDefinition valid = validator.validate(definition, others);
            SessionDefinition old = current.definition();
            boolean deliveryChanges = !old.profileName().equals(valid.profileName()) || !old.region().equals(valid.region())
                    || !old.roleArn().equals(valid.roleArn()) || !old.idpArn().equals(valid.idpArn())
                    || old.delivery() != valid.delivery();
            if (deliveryChanges && (current.status() == SessionStatus.ACTIVE || current.status() == SessionStatus.PENDING)) {
                throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + old.alias() + "' is "
                        + current.status() + ": stop it before changing its profile, region, role, IdP ARN or delivery.");
            }
            return store.update(current.id(), s -> s.withDefinition(valid)).orElseThrow(() -> gone(idOrAlias));
        }
    }

    public void delete(String idOrAlias) {
        synchronized (definitions) {
            FederatedSession session = find(idOrAlias);
            withProfileLock(session.definition().profileName(), () -> {
                FederatedSession current = store.byId(session.id()).orElseThrow(() -> gone(idOrAlias));
                if (current.status() == SessionStatus.PENDING) {
                    throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + current.definition().alias()
                            + "' is starting; delete it once the start has finished.");
                }
                List<String> children = store.all().stream()
                        .filter(c -> current.id().equals(c.definition().parentSession()))
                        .map(c -> c.definition().alias()).toList();
                if (!children.isEmpty()) {
                    throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + current.definition().alias()
                            + "' is the parent of chained session(s) " + children + "; delete them (or give them"
                            + " another parent) first.");
                }
                vault.remove(current.id());
                store.delete(current.id());
                LOG.infof("Session %s deleted", current.definition().alias());
                // The writer removes the profile only if this session is the one that wrote it.
                events.publish(SessionEvent.of(SessionEvent.Kind.DELETED, summaryOf(current)));
                withdrawFromHolders(current.id());
                return null;
            });
        }
    }

    /**
     * Starts (or restarts) a session: login, assertion checks, STS, delivery. Returns once the credentials are
     * delivered. On failure the exception says what to fix, and the session is FAILED with the reason, except when it
     * was active with valid credentials: then it stays active on them, with the failure recorded and announced (as a
     * failed refresh is). A stop during the start calls it off.
     */
    public FederatedSession start(String idOrAlias, StartOptions options) {
        FederatedSession session = find(idOrAlias);
        String id = session.id();
        login.checkCanLogin(options.samlResponse());
        StartAttempt attempt = new StartAttempt("start");
        if (attempts.putIfAbsent(id, attempt) != null) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                    + "' is already starting or refreshing.");
        }
        try {
            FederatedSession before = store.byId(id).orElseThrow(() -> gone(idOrAlias));
            boolean restart = holdsValidCredentials(before);
            // A restart keeps the session active: its credentials stay in use until new ones replace them.
            session = store.update(id, s -> s.withState(restart
                    ? s.state().withDetail("restarting", now()) : SessionState.pending(now())))
                    .orElseThrow(() -> gone(idOrAlias));
            publishQuietly(SessionEvent.of(SessionEvent.Kind.STARTING, summaryOf(session)));

            FederatedCredentials obtained;
            List<String> warnings = new ArrayList<>();
            try {
                FederatedSession starting = session;
                obtained = obtainCredentials(session, options, warnings, attempt, restart
                        ? reason -> waitingDuringRefresh(id, "restarting: " + reason)
                        : reason -> waitingForUser(starting, reason));
            } catch (KeyportException e) {
                throw startFailed(id, e, attempt, before);
            }
            warnings.addAll(obtained.warnings());
            return withProfileLock(session.definition().profileName(),
                    () -> activate(id, obtained, warnings, options.replaceProfile(), attempt, before));
        } finally {
            attempts.remove(id, attempt);
        }
    }

    /** Active, with credentials that have not run out: what a failed restart must not take away. */
    private boolean holdsValidCredentials(FederatedSession session) {
        return session.status() == SessionStatus.ACTIVE && session.state().expiresAt() != null
                && session.state().expiresAt().isAfter(now());
    }

    /**
     * Sign-in, assertion and STS for a start or refresh; a stop may interrupt it ({@link StartAttempt}). A stop that
     * came in the meantime wins over whatever this returns or throws.
     */
    private FederatedCredentials obtainCredentials(FederatedSession session, StartOptions options,
                                                   List<String> warnings, StartAttempt attempt,
                                                   java.util.function.Consumer<String> waiting) {
        attempt.signingIn();
        try {
            return pipeline.obtain(session.definition(), options.samlResponse(), waiting,
                    () -> parentOf(session.definition()), warnings);
        } finally {
            attempt.signedIn();
        }
    }

    /**
     * Records why a start failed and returns what to throw. A session that held valid credentials keeps them and
     * stays active; any other becomes FAILED (with what an expired one had delivered withdrawn). A start called off by
     * a stop changes nothing more: the stop already withdrew everything.
     */
    private KeyportException startFailed(String id, KeyportException e, StartAttempt attempt, FederatedSession before) {
        if (attempt.cancelled()) {
            return stoppedWhileStarting(before);
        }
        FederatedSession current = store.byId(id).orElse(before);
        withProfileLock(current.definition().profileName(), () -> {
            if (attempt.cancelled()) {
                return null;
            }
            if (holdsValidCredentials(before)) {
                keepActiveAfterFailedStart(id, before, e);
            } else {
                if (before.status() == SessionStatus.ACTIVE) {
                    // Active, but its credentials ran out: withdraw them as their expiry would have.
                    vault.remove(id);
                    publishQuietly(SessionEvent.of(SessionEvent.Kind.EXPIRED, summaryOf(current)));
                    withdrawFromHolders(id);
                }
                fail(id, e);
            }
            return null;
        });
        return attempt.cancelled() ? stoppedWhileStarting(before) : e;
    }

    /** Back to the state before the start, with the failure recorded and announced; the credentials stay. */
    private void keepActiveAfterFailedStart(String id, FederatedSession before, KeyportException e) {
        String detail = "Starting again failed; the current credentials stay valid until "
                + before.state().expiresAt() + ". " + e.getMessage();
        FederatedSession kept = store.update(id, s -> s.withState(before.state().withLastError(detail, now())))
                .orElse(before);
        LOG.warnf("Session %s: %s", kept.definition().alias(), detail);
        publishQuietly(new SessionEvent(SessionEvent.Kind.FAILED, summaryOf(kept), now(), null, detail, false));
    }

    private static KeyportException stoppedWhileStarting(FederatedSession session) {
        return new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                + "' was stopped while it was starting; nothing was delivered.");
    }

    /** A chained session's parent, with credentials (the parent is started or refreshed first when it has none). */
    private CredentialPipeline.Parent parentOf(SessionDefinition def) {
        FederatedSession parent = store.byId(def.parentSession()).orElseThrow(() -> new KeyportException(
                ErrorCategory.CONFLICT, "The parent session of '" + def.alias() + "' no longer exists; edit the"
                + " session to name another parent."));
        AwsCredentials credentials = credentialsStartingIfNeeded(parent.id());
        String identity = store.byId(parent.id()).map(p -> p.state().identityArn()).orElse(null);
        return new CredentialPipeline.Parent(parent.definition(), credentials, identity);
    }

    /** The login waits for the user: say so on the session (API) and as a STARTING event with the reason. */
    private void waitingForUser(FederatedSession session, String reason) {
        store.update(session.id(), s -> s.withState(SessionState.pending(reason, now()))).ifPresent(pending ->
                publishQuietly(new SessionEvent(SessionEvent.Kind.STARTING, summaryOf(pending), now(), null, reason, false)));
    }

    private FederatedSession activate(String id, FederatedCredentials obtained, List<String> warnings,
                                      boolean replaceProfile, StartAttempt attempt, FederatedSession before) {
        FederatedSession session = store.byId(id).orElseThrow(() -> gone(id));
        if (attempt.cancelled()) {
            LOG.infof("Session %s was stopped while starting; the credentials obtained are discarded",
                    session.definition().alias());
            throw stoppedWhileStarting(session);
        }
        String profile = session.definition().profileName();
        for (FederatedSession other : store.all()) {
            if (!other.id().equals(id) && other.definition().profileName().equals(profile)
                    && other.status() == SessionStatus.ACTIVE) {
                LOG.infof("Stopping session %s: session %s starts on the same profile %s",
                        other.definition().alias(), session.definition().alias(), profile);
                withdraw(other, SessionEvent.Kind.STOPPED, SessionState.inactive(now()));
            }
        }
        AwsCredentials credentials = obtained.credentials();
        Optional<AwsCredentials> previous = vault.credentialsFor(id);
        vault.put(id, credentials);
        FederatedSession active = store.update(id, s -> s.withState(SessionState.active(
                        credentials.expiration(), obtained.durationSeconds(), warnings, obtained.assumedRoleArn(),
                        now()))).orElseThrow(() -> gone(id));
        try {
            events.publish(new SessionEvent(SessionEvent.Kind.STARTED, summaryOf(active), now(),
                    credentials.expiration(), null, replaceProfile));
        } catch (KeyportException e) {
            // Nothing new was delivered: a session that had valid credentials keeps them.
            if (holdsValidCredentials(before) && previous.isPresent()) {
                vault.put(id, previous.get());
                store.update(id, s -> s.withState(before.state()));
                keepActiveAfterFailedStart(id, before, e);
            } else {
                vault.remove(id);
                fail(id, e);
            }
            throw e;
        }
        // Grants of an earlier run of the session end with it: they were handed out for other credentials.
        withdrawFromHolders(id);
        LOG.infof("Session %s started; credentials %s expire at %s", active.definition().alias(),
                AccessKeys.masked(credentials.accessKeyId()), credentials.expiration());
        return active;
    }

    /**
     * Stops a session, whatever its state, and withdraws everything Keyport delivered for it: the profile sections it
     * owns (a section that replaced the user's own gives way to the original again), the container endpoints handed
     * out for it, the credentials in memory; a start under way is called off, and chained sessions built on it are
     * stopped first. Says what it withdrew.
     */
    public StopResult stop(String idOrAlias) {
        return stop(find(idOrAlias), new java.util.HashSet<>());
    }

    private StopResult stop(FederatedSession session, Set<String> seen) {
        List<String> report = new ArrayList<>();
        if (!seen.add(session.id())) {
            return new StopResult(session, report);
        }
        for (FederatedSession child : store.all()) {
            if (session.id().equals(child.definition().parentSession())) {
                StopResult stopped = stop(child, seen);
                report.add("stopped chained session '" + child.definition().alias() + "'"
                        + (stopped.withdrawn().isEmpty() ? "" : " (" + String.join("; ", stopped.withdrawn()) + ")"));
            }
        }
        FederatedSession stopped = withProfileLock(session.definition().profileName(), () -> {
            FederatedSession current = store.byId(session.id()).orElseThrow(() -> gone(session.id()));
            StartAttempt attempt = attempts.get(current.id());
            if (attempt != null) {
                attempt.cancel();
                report.add("called off the " + attempt.what() + " under way");
            }
            boolean held = vault.credentialsFor(current.id()).isPresent();
            FederatedSession inactive = withdraw(current, SessionEvent.Kind.STOPPED, SessionState.inactive(now()),
                    report);
            if (held && current.definition().delivery() == Delivery.CREDENTIAL_PROCESS) {
                report.add("forgot the credentials credential_process was answering with");
            }
            LOG.infof("Session %s stopped (was %s)%s", current.definition().alias(), current.status(),
                    report.isEmpty() ? "; nothing was delivered" : ": " + String.join("; ", report));
            return inactive;
        });
        return new StopResult(stopped, report);
    }

    /**
     * Forgets the IdP's sign-in kept for this session's SAML URL (the browser profile and its cookies), so the next
     * start asks the user to sign in again. The session's state and credentials are left as they are.
     */
    public FederatedSession logout(String idOrAlias) {
        FederatedSession session = find(idOrAlias);
        if (session.status() == SessionStatus.PENDING) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias()
                    + "' is signing in right now; log out once the start has finished.");
        }
        boolean wiped = login.logout(session.definition().samlUrl());
        LOG.infof("Session %s logged out of its IdP%s", session.definition().alias(), wiped ? "" : " (no sign-in was kept)");
        return session;
    }

    /** The credentials of an active session, for credential_process and similar consumers. */
    public AwsCredentials credentials(String idOrAlias) {
        FederatedSession session = find(idOrAlias);
        String alias = session.definition().alias();
        if (session.status() != SessionStatus.ACTIVE) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias + "' is " + session.status()
                    + ", so it has no credentials. Start it first.");
        }
        return vault.credentialsFor(session.id())
                .filter(c -> c.expiration().isAfter(now()))
                .orElseThrow(() -> new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias
                        + "' was started by an earlier run of the daemon, which kept its credentials in memory only."
                        + " Rotate it (keyport session rotate), or ask with start=true (keyport credential-process"
                        + " does) to refresh it on demand."));
    }

    /**
     * The session's credentials, obtaining them first when there are none: an active session whose credentials this
     * daemon run never saw (started before a restart) is refreshed, any other session is started. Valid credentials
     * are returned as they are, without an IdP round trip.
     */
    public AwsCredentials credentialsStartingIfNeeded(String idOrAlias) {
        String id = find(idOrAlias).id();
        Optional<AwsCredentials> held = heldCredentials(id);
        if (held.isPresent()) {
            return held.get();
        }
        // Several AWS calls at once (credential_process runs for each) must share one sign-in, not race to start:
        // the first obtains the credentials, the others wait for it and then find them held.
        ReentrantLock lock = obtainLocks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            held = heldCredentials(id);
            if (held.isPresent()) {
                return held.get();
            }
            FederatedSession session = store.byId(id).orElseThrow(() -> gone(idOrAlias));
            if (session.status() == SessionStatus.ACTIVE) {
                refresh(id);
            } else {
                start(id, new StartOptions(null, false));
            }
            return credentials(id);
        } finally {
            lock.unlock();
        }
    }

    private Optional<AwsCredentials> heldCredentials(String id) {
        return store.byId(id).filter(s -> s.status() == SessionStatus.ACTIVE)
                .flatMap(s -> vault.credentialsFor(id)).filter(c -> c.expiration().isAfter(now()));
    }

    private FederatedSession withdraw(FederatedSession session, SessionEvent.Kind kind, SessionState newState) {
        return withdraw(session, kind, newState, new ArrayList<>());
    }

    /** Takes back everything delivered for the session and moves it to {@code newState}; {@code report} says what. */
    private FederatedSession withdraw(FederatedSession session, SessionEvent.Kind kind, SessionState newState,
                                      List<String> report) {
        vault.remove(session.id());
        FederatedSession updated = store.update(session.id(), s -> s.withState(newState)).orElse(session);
        report.addAll(events.publish(SessionEvent.of(kind, summaryOf(updated))));
        report.addAll(withdrawFromHolders(session.id()));
        return updated;
    }

    /** Every holder of the session's credentials lets go ({@link CredentialHolder}); what they let go of. */
    private List<String> withdrawFromHolders(String id) {
        List<String> report = new ArrayList<>();
        for (CredentialHolder holder : holders) {
            try {
                report.addAll(holder.withdraw(id));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Withdrawing the credentials of session %s from %s failed", id,
                        holder.getClass().getSimpleName());
            }
        }
        return report;
    }

    private void fail(String id, KeyportException e) {
        store.update(id, s -> s.withState(SessionState.failed(e.getMessage(), now()))).ifPresent(failed -> {
            LOG.warnf("Session %s failed to start: %s", failed.definition().alias(), e.getMessage());
            publishQuietly(new SessionEvent(SessionEvent.Kind.FAILED, summaryOf(failed), now(), null, e.getMessage(), false));
        });
    }

    private void publishQuietly(SessionEvent event) {
        try {
            events.publish(event);
        } catch (KeyportException e) {
            LOG.warnf("Delivering %s for session %s failed: %s", event.kind(), event.session().alias(), e.getMessage());
        }
    }

    /**
     * Fresh credentials for an active session through its own login flow (silent when the IdP still knows the user),
     * delivered as a ROTATED event. On failure the session stays active on its current credentials, the reason is
     * recorded and announced, and a retry is planned unless retrying cannot help.
     *
     * @throws KeyportException CONFLICT when the session is not active or already starting; else why the refresh
     *                          failed
     */
    public FederatedSession rotate(String idOrAlias) {
        FederatedSession session = find(idOrAlias);
        if (session.status() != SessionStatus.ACTIVE) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + session.definition().alias() + "' is "
                    + session.status() + "; only an active session can be rotated. Start it instead.");
        }
        return refresh(session.id());
    }

    private FederatedSession refresh(String id) {
        StartAttempt attempt = new StartAttempt("refresh");
        if (attempts.putIfAbsent(id, attempt) != null) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + store.byId(id)
                    .map(x -> x.definition().alias()).orElse(id) + "' is already starting or refreshing.");
        }
        try {
            FederatedSession session = store.byId(id).orElseThrow(() -> gone(id));
            List<String> warnings = new ArrayList<>();
            try {
                FederatedCredentials obtained = obtainCredentials(session, new StartOptions(null, false), warnings,
                        attempt, reason -> waitingDuringRefresh(id, "refreshing: " + reason));
                warnings.addAll(obtained.warnings());
                return withProfileLock(session.definition().profileName(),
                        () -> replaceCredentials(id, obtained, warnings));
            } catch (KeyportException e) {
                if (!attempt.cancelled()) {
                    refreshFailed(id, e);
                }
                throw e;
            }
        } finally {
            attempts.remove(id, attempt);
        }
    }

    private FederatedSession replaceCredentials(String id, FederatedCredentials obtained, List<String> warnings) {
        FederatedSession current = store.byId(id).orElseThrow(() -> gone(id));
        if (current.status() != SessionStatus.ACTIVE) {
            // Stopped, expired or deleted while the login ran: the new credentials are not wanted any more.
            LOG.infof("Session %s is %s; the refreshed credentials are discarded", current.definition().alias(),
                    current.status());
            return current;
        }
        AwsCredentials credentials = obtained.credentials();
        vault.put(id, credentials);
        FederatedSession rotated = store.update(id, s -> s.withState(SessionState.active(credentials.expiration(),
                obtained.durationSeconds(), warnings, obtained.assumedRoleArn(), now()))).orElseThrow(() -> gone(id));
        events.publish(new SessionEvent(SessionEvent.Kind.ROTATED, summaryOf(rotated), now(), credentials.expiration(),
                null, false));
        LOG.infof("Session %s refreshed; credentials %s expire at %s", rotated.definition().alias(),
                AccessKeys.masked(credentials.accessKeyId()), credentials.expiration());
        return rotated;
    }

    /**
     * A refresh (or restart) waits for the user: the session stays ACTIVE (its credentials still work) and says what
     * it waits for.
     */
    private void waitingDuringRefresh(String id, String detail) {
        store.update(id, s -> s.withState(s.state().withDetail(detail, now()))).ifPresent(waiting ->
                publishQuietly(new SessionEvent(SessionEvent.Kind.STARTING, summaryOf(waiting), now(), null, detail,
                        false)));
    }

    private void refreshFailed(String id, KeyportException e) {
        store.byId(id).ifPresent(session -> withProfileLock(session.definition().profileName(), () -> {
            store.byId(id).filter(s -> s.status() == SessionStatus.ACTIVE).ifPresent(s -> {
                SessionState state = s.state();
                Instant now = now();
                Instant retryAt = RefreshPolicy.retryable(e)
                        ? policy.nextRetry(state.refreshFailures(), now, state.expiresAt()) : null;
                FederatedSession failed = store.update(id, x -> x.withState(x.state().refreshFailed(e.getMessage(),
                        retryAt, now))).orElse(s);
                String detail = "Refreshing failed; the current credentials stay valid until " + state.expiresAt()
                        + (retryAt != null ? "; next try at " + retryAt : "; not retried, since trying again cannot"
                        + " help") + ". " + e.getMessage();
                LOG.warnf("Session %s: %s", s.definition().alias(), detail);
                publishQuietly(new SessionEvent(SessionEvent.Kind.FAILED, summaryOf(failed), now, null, detail, false));
            });
            return null;
        }));
    }

    /** A refresh started by {@link SessionKeeper}: failures are recorded on the session, not thrown. */
    void refreshQuietly(String id) {
        try {
            refresh(id);
        } catch (KeyportException e) {
            // Recorded on the session and announced by refreshFailed (or it was already refreshing).
        } catch (RuntimeException e) {
            LOG.errorf(e, "Refreshing session %s failed unexpectedly", id);
        }
    }

    void expireIfDue(String id, Instant expiresAt) {
        store.byId(id).ifPresent(session -> withProfileLock(session.definition().profileName(), () -> {
            store.byId(id)
                    .filter(s -> s.status() == SessionStatus.ACTIVE && Objects.equals(s.state().expiresAt(), expiresAt))
                    .ifPresent(s -> {
                        vault.remove(id);
                        FederatedSession expired = store.update(id, x -> x.withState(x.state().expired(now()))).orElse(s);
                        publishQuietly(new SessionEvent(SessionEvent.Kind.EXPIRED, summaryOf(expired), now(), null,
                                expired.state().lastError(), false));
                        withdrawFromHolders(id);
                        if (s.state().refreshAbandoned()) {
                            // Withdrawn like any expiry, but the session failed: retrying would not have helped.
                            FederatedSession failed = store.update(id, x -> x.withState(SessionState.failed(
                                    "The credentials expired and could not be refreshed: " + s.state().lastError(),
                                    now()))).orElse(expired);
                            LOG.warnf("Session %s failed: %s", s.definition().alias(), failed.state().lastError());
                            publishQuietly(new SessionEvent(SessionEvent.Kind.FAILED, summaryOf(failed), now(), null,
                                    failed.state().lastError(), false));
                        } else {
                            LOG.infof("Session %s expired%s", s.definition().alias(),
                                    s.state().lastError() == null ? "" : ": " + s.state().lastError());
                        }
                    });
            return null;
        }));
    }

    /**
     * After a restart: a start that was under way failed; active sessions stay active on the credentials they
     * delivered (the {@link SessionKeeper}'s next check withdraws those that ran out and refreshes the others on
     * schedule); whatever a session that is not active still has in the AWS files (a stop cut short) is withdrawn.
     */
    void reconcile() {
        for (FederatedSession session : store.all()) {
            if (session.status() == SessionStatus.ACTIVE) {
                restoreDelivered(session);
                continue;
            }
            if (session.status() == SessionStatus.PENDING) {
                store.update(session.id(), s -> s.withState(SessionState.failed(
                        "The daemon stopped while this session was starting. Start it again.", now())));
            }
            // A run killed between recording a stop and removing the profile left credentials the session no
            // longer answers for: they go now.
            withdrawLeftovers(session);
        }
    }

    private void withdrawLeftovers(FederatedSession session) {
        try {
            List<String> removed = writer.withdrawLeftovers(summaryOf(session));
            if (!removed.isEmpty()) {
                LOG.infof("Session %s is %s; withdrew what an interrupted run had left: %s",
                        session.definition().alias(), session.status(), String.join("; ", removed));
            }
        } catch (KeyportException e) {
            LOG.warnf("Session %s: could not withdraw what an interrupted run left: %s", session.definition().alias(),
                    e.getMessage());
        }
    }

    /**
     * Takes back the credentials the last run wrote to the credentials file, when they are the session's own and
     * still valid, so that credential_process, exec and console need no new sign-in after a restart.
     */
    private void restoreDelivered(FederatedSession session) {
        Instant expiresAt = session.state().expiresAt();
        if (expiresAt == null || !expiresAt.isAfter(now())) {
            return;
        }
        try {
            writer.delivered(summaryOf(session))
                    // The file keeps whole seconds; anything else means the file no longer holds what we wrote.
                    .filter(c -> c.expiration().equals(expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                    .ifPresent(c -> {
                        vault.put(session.id(), c);
                        LOG.infof("Session %s: took back the credentials delivered before the restart (valid until"
                                + " %s)", session.definition().alias(), c.expiration());
                    });
        } catch (KeyportException e) {
            LOG.warnf("Session %s: the credentials delivered before the restart could not be read back: %s",
                    session.definition().alias(), e.getMessage());
        }
    }

    /** Withdraws the credentials of every active session (daemon shutdown, when configured to). */
    void withdrawAll() {
        for (FederatedSession session : store.all()) {
            if (session.status() == SessionStatus.ACTIVE) {
                withProfileLock(session.definition().profileName(), () -> store.byId(session.id())
                        .filter(s -> s.status() == SessionStatus.ACTIVE)
                        .map(s -> withdraw(s, SessionEvent.Kind.STOPPED, SessionState.inactive(now())))
                        .orElse(null));
            }
        }
    }

    /** Whether a start or refresh of the session is under way. */
    boolean busy(String id) {
        return attempts.containsKey(id);
    }

    private <T> T withProfileLock(String profile, Supplier<T> action) {
        ReentrantLock lock = profileLocks.computeIfAbsent(profile, p -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** What event consumers learn about a session, including the command of a credential_process profile. */
    private SessionSummary summaryOf(FederatedSession session) {
        SessionDefinition d = session.definition();
        String command = d.delivery() == Delivery.CREDENTIAL_PROCESS
                ? credentialProcessLauncher() + " credential-process " + session.id() : null;
        return new SessionSummary(session.id(), d.alias(), d.profileName(), d.region(), d.roleArn(), d.idpArn(),
                d.providerId(), command);
    }

    /** The configured command line as it is; else the launcher path (quoted if it has spaces), else keyport. */
    private String credentialProcessLauncher() {
        Optional<String> configured = config.credentialProcessCommand().filter(c -> !c.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        String launcher = Optional.ofNullable(System.getenv("KEYPORT_LAUNCHER")).filter(c -> !c.isBlank())
                .orElse("keyport");
        // The AWS tools split the line like a shell: a path with spaces needs quotes.
        return launcher.contains(" ") ? "\"" + launcher + "\"" : launcher;
    }

    private static KeyportException gone(String idOrAlias) {
        return new KeyportException(ErrorCategory.NOT_FOUND, "Session '" + idOrAlias + "' was deleted meanwhile.");
    }

    private Instant now() {
        return clock.instant();
    }
}
