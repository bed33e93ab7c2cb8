package dev.keyport.session;

import dev.keyport.delivery.SessionDefaults;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The sessions the user defined: list, find, create and edit them, validated ({@link SessionValidator}) and stored
 * ({@link SessionStore}). Where a session stands and what it delivered is the lifecycle's business
 * ({@link SessionLifecycle}); deleting one is too, since it withdraws what was delivered.
 */
@Singleton
public class SessionCatalogue {
    private static final Logger LOG = Logger.getLogger(SessionCatalogue.class);

    private final SessionStore store;
    private final SessionValidator validator;
    private final Clock clock;
    private final StartAttempts attempts;
    /** Definitions change one at a time, so validation (unique alias, profile rules) sees every other one. */
    private final Object definitions = new Object();

    private final SessionDefaults defaults;

    public SessionCatalogue(SessionStore store, SessionValidator validator, Clock clock, StartAttempts attempts,
                            SessionDefaults defaults) {
        this.store = store;
        this.defaults = defaults;
        this.attempts = attempts;
        this.validator = validator;
        this.clock = clock;
    }

    public List<FederatedSession> list() {
        return store.all();
    }

    /** A session by id, else by alias (case-insensitive). */
    public FederatedSession find(String idOrAlias) {
        return store.byId(idOrAlias).or(() -> store.all().stream()
                        .filter(s -> s.definition().hasAlias(idOrAlias))
                        .findFirst())
                .orElseThrow(() -> new KeyportException(ErrorCategory.NOT_FOUND, "No session has the id or alias '"
                        + idOrAlias + "'. List sessions with GET /api/v1/sessions."));
    }

    public FederatedSession create(SessionDefinition definition) {
        synchronized (definitions) {
            SessionDefinition valid = validator.validate(withDefaults(definition), store.all());
            FederatedSession session = new FederatedSession(UUID.randomUUID().toString(), valid,
                    SessionState.inactive(clock.instant()), clock.instant());
            store.save(session);
            LOG.infof("Session %s created (%s, profile %s)", valid.alias(), session.id(), valid.profileName());
            return session;
        }
    }

    /**
     * A new session's unnamed settings, as the AWS tools' users expect them: the profile is named after the alias, the
     * region is the {@code [default]} profile's (a chained session's is its own choice too). Given ones stay.
     */
    private SessionDefinition withDefaults(SessionDefinition d) {
        String profile = blank(d.profileName()) && !blank(d.alias()) ? d.alias().strip() : d.profileName();
        String region = blank(d.region()) ? defaults.region().orElse(d.region()) : d.region();
        if (profile == d.profileName() && region == d.region()) {
            return d;
        }
        return new SessionDefinition(d.alias(), profile, region, d.samlUrl(), d.idpArn(), d.roleArn(), d.providerId(),
                d.durationSeconds(), d.loginPagePatterns(), d.assertionConsumerPatterns(), d.delivery(),
                d.parentSession(), d.providerReason(), d.loginFlow(), d.username());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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
            // (A chained session has no IdP ARN of its own: null on both sides.)
            boolean deliveryChanges = !old.profileName().equals(valid.profileName()) || !old.region().equals(valid.region())
                    || !old.roleArn().equals(valid.roleArn()) || !java.util.Objects.equals(old.idpArn(), valid.idpArn())
                    || !java.util.Objects.equals(old.parentSession(), valid.parentSession())
                    || old.delivery() != valid.delivery();
            // A start registers itself before it reads the definition it will deliver for: one under way, even one
            // that has not made the session PENDING yet, keeps the profile it took its lock for.
            boolean busy = attempts.busy(current.id());
            if (deliveryChanges && (busy || current.status() == SessionStatus.ACTIVE
                    || current.status() == SessionStatus.PENDING)) {
                throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + old.alias() + "' is "
                        + (busy ? "starting" : current.status()) + ": stop it before changing its profile, region, role,"
                        + " IdP ARN or delivery.");
            }
            return store.update(current.id(), s -> s.withDefinition(valid)).orElseThrow(() -> gone(idOrAlias));
        }
    }

    /** What {@link #create} or {@link #update} would say of a definition, and the provider it would get. */
    public record Check(java.util.List<String> problems, String providerId, String providerReason) {
    }

    /**
     * Checks a definition as {@link #create} (or, with {@code editing}, {@link #update} of that session) would, and
     * stores nothing: for a form that shows each problem as it is typed.
     */
    public Check check(SessionDefinition definition, String editing) {
        List<FederatedSession> others = store.all();
        SessionDefinition candidate = definition;
        if (editing != null && !editing.isBlank()) {
            String currentId = find(editing).id();
            others = others.stream().filter(s -> !s.id().equals(currentId)).toList();
        } else {
            candidate = withDefaults(definition);
        }
        try {
            SessionDefinition valid = validator.validate(candidate, others);
            return new Check(List.of(), valid.providerId(), valid.providerReason());
        } catch (InvalidSessionException e) {
            return new Check(e.problems(), null, null);
        } catch (KeyportException e) {
            if (e.category() != ErrorCategory.CONFLICT) {
                throw e;
            }
            return new Check(List.of(e.getMessage()), null, null);
        }
    }

    /** The sessions chained from this one (their parent is {@code id}). */
    public List<FederatedSession> children(String id) {
        return store.all().stream().filter(c -> id.equals(c.definition().parentSession())).toList();
    }

    /** The session with this id, if there is one. */
    public java.util.Optional<FederatedSession> byId(String id) {
        return store.byId(id);
    }

    /** The session with this id as it is now. */
    FederatedSession current(String id) {
        return store.byId(id).orElseThrow(() -> gone(id));
    }

    /** Runs {@code change} while no definition changes (a delete must not race an edit that names a parent). */
    <T> T whileDefinitionsHold(java.util.function.Supplier<T> change) {
        synchronized (definitions) {
            return change.get();
        }
    }

    static KeyportException gone(String idOrAlias) {
        return new KeyportException(ErrorCategory.NOT_FOUND, "Session '" + idOrAlias + "' was deleted meanwhile.");
    }
}
