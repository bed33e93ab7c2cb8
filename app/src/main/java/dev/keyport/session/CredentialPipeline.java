package dev.keyport.session;

import dev.keyport.assertion.AssertionChecks;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReader;
import dev.keyport.login.LoginRequest;
import dev.keyport.login.LoginService;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.plugin.SessionSignInPatterns;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.sts.DurationPolicy;
import dev.keyport.sts.FederatedCredentials;
import dev.keyport.sts.StsFederation;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * How one session gets credentials, start or refresh alike: a SAML session signs in ({@link LoginService}), its
 * assertion is read with its provider's quirks and checked ({@link SamlAssertionReader}, {@link AssertionChecks}),
 * and STS exchanges it ({@link StsFederation}); a chained session assumes its role with its parent's credentials.
 * It holds no session state: {@link SessionStarter} decides when, and records and delivers the result.
 */
@Singleton
public class CredentialPipeline {
    private final LoginService login;
    private final SamlAssertionReader assertionReader;
    private final AssertionChecks assertionChecks;
    private final StsFederation sts;
    private final ProviderRegistry providers;
    private final SessionSignInPatterns signInPatterns;
    private final Clock clock;

    public CredentialPipeline(LoginService login, SamlAssertionReader assertionReader, AssertionChecks assertionChecks,
                              StsFederation sts, ProviderRegistry providers, SessionSignInPatterns signInPatterns,
                              Clock clock) {
        this.signInPatterns = signInPatterns;
        this.clock = clock;
        this.login = login;
        this.assertionReader = assertionReader;
        this.assertionChecks = assertionChecks;
        this.sts = sts;
        this.providers = providers;
    }

    /** The parent of a chained session, with credentials obtained for it (started or refreshed when it had none). */
    public record Parent(SessionDefinition definition, AwsCredentials credentials, String identityArn) {
    }

    /**
     * @param samlResponse a supplied assertion, or null to sign in
     * @param waiting      told what the login waits for (the user signing in), to show it
     * @param parent       for a chained session: obtains the parent with its credentials
     * @param warnings     collects what was checked loosely or adjusted
     */
    FederatedCredentials obtain(String sessionId, SessionDefinition def, String samlResponse, boolean attended,
                                Consumer<String> waiting,
                                java.util.function.Supplier<Parent> parent, List<String> warnings) {
        if (def.chained()) {
            if (samlResponse != null) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT, "Session '" + def.alias() + "' is chained"
                        + " from another session and takes no SAMLResponse; start its parent with the assertion"
                        + " instead.");
            }
            return assumeFromParent(def, parent.get());
        }
        LoginRequest where = new LoginRequest(sessionId, def.samlUrl(), def.providerId(), def.loginFlow(),
                def.username(), attended, signInPatterns.forSession(def.providerId(), def.samlUrl(), def.loginPagePatterns(),
                def.assertionConsumerPatterns()));
        String response = login.obtainSamlResponse(where, samlResponse, waiting::accept);
        SamlAssertion assertion = assertionReader.read(response, providers.quirksFor(def.providerId()));
        Instant now = clock.instant();
        warnings.addAll(assertionChecks.checkUsable(assertion, def.roleArn(), def.idpArn(), now));
        int duration = DurationPolicy.choose(def.durationSeconds(), assertion.sessionDuration(),
                assertion.sessionNotOnOrAfter(), now);
        return sts.assumeRoleWithSaml(assertion.samlResponse(), def.roleArn(), def.idpArn(), def.region(), duration,
                DurationPolicy.source(def.durationSeconds(), assertion.sessionDuration()));
    }

    /** AssumeRole with the parent's credentials; the parent's session name carries on, so CloudTrail names the person. */
    private FederatedCredentials assumeFromParent(SessionDefinition def, Parent parent) {
        int duration = def.durationSeconds() == null ? DurationPolicy.DEFAULT_SECONDS : def.durationSeconds();
        return sts.assumeRole(parent.credentials(), def.roleArn(), chainedSessionName(parent.identityArn()),
                parent.definition().roleArn(), def.region(), duration);
    }

    /** The parent's session name (the part after the role in its assumed-role ARN), else "keyport". */
    static String chainedSessionName(String parentIdentityArn) {
        if (parentIdentityArn != null) {
            String name = parentIdentityArn.substring(parentIdentityArn.lastIndexOf('/') + 1);
            if (name.matches("[\\w+=,.@-]{2,64}")) {
                return name;
            }
        }
        return "keyport";
    }
}
