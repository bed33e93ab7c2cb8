package dev.keyport.session;

import dev.keyport.aws.Arn;
import dev.keyport.aws.AwsNames;
import dev.keyport.aws.Partition;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a {@link SessionDefinition} before it is stored, and reports every problem at once, each saying what to
 * fix. Fills in the provider id from the SAML URL when the user gave none.
 */
@Singleton
public class SessionValidator {
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 43200;
    /** AWS's limit for credentials obtained by role chaining. */
    static final int CHAINED_MAX_DURATION = 3600;
    private static final int MAX_ALIAS_LENGTH = 128;
    /** Sign-in and ACS patterns per session, and the longest one: short URL expressions, cheap to compile. */
    static final int MAX_PATTERNS = 50;
    static final int MAX_PATTERN_LENGTH = 1000;

    private final ProviderRegistry providers;

    public SessionValidator(ProviderRegistry providers) {
        this.providers = providers;
    }

    /**
     * @param definition the definition as the user sent it
     * @param others     the other sessions (for alias uniqueness)
     * @return the normalised definition, with the provider id detected when it was omitted
     * @throws KeyportException INVALID_INPUT listing every problem, or CONFLICT when only the alias is taken
     */
    public SessionDefinition validate(SessionDefinition definition, Collection<FederatedSession> others) {
        SessionDefinition def = definition.normalised();
        List<String> problems = new ArrayList<>();

        if (def.alias() == null || def.alias().isEmpty()) {
            problems.add("The alias is required: a unique name for the session, e.g. \"acme-prod-admin\".");
        } else if (def.alias().length() > MAX_ALIAS_LENGTH) {
            problems.add("The alias is longer than " + MAX_ALIAS_LENGTH + " characters.");
        } else if (def.alias().chars().anyMatch(Character::isISOControl)) {
            problems.add("The alias contains control characters.");
        } else if (def.alias().contains("/") || def.alias().contains("\\") || def.alias().equals(".")
                || def.alias().equals("..")) {
            problems.add("The alias contains '/' or '\\' or is '.' or '..': it names the session in API paths, where"
                    + " those are not allowed.");
        }

        if (def.profileName() == null || def.profileName().isEmpty()) {
            problems.add("profileName is required: the named profile tools will use with --profile, e.g. \"acme-prod\".");
        } else {
            AwsNames.profileNameProblem(def.profileName()).ifPresent(p -> problems.add("profileName: " + p));
        }

        if (def.chained()) {
            return validateChained(def, others, problems);
        }
        Optional<URI> samlUrl = checkSamlUrl(def.samlUrl(), problems);
        Optional<Arn> idp = checkArn("idpArn", def.idpArn(), true, problems);
        Optional<Arn> role = checkArn("roleArn", def.roleArn(), false, problems);
        if (idp.isPresent() && role.isPresent()) {
            if (!idp.get().partition().equals(role.get().partition())) {
                problems.add("roleArn is in partition " + role.get().partition() + " but idpArn is in "
                        + idp.get().partition() + ": a role can only trust a SAML provider of its own partition.");
            } else if (!idp.get().accountId().equals(role.get().accountId())) {
                problems.add("roleArn is in account " + role.get().accountId() + " but idpArn is in account "
                        + idp.get().accountId() + ": the SAML provider must be in the role's account.");
            }
        }
        checkRegion(def.region(), role.or(() -> idp), problems);

        if (def.durationSeconds() != null
                && (def.durationSeconds() < MIN_DURATION || def.durationSeconds() > MAX_DURATION)) {
            problems.add("durationSeconds must be between " + MIN_DURATION + " and " + MAX_DURATION
                    + " (15 minutes to 12 hours), or left out to use the assertion's SessionDuration (else 3600).");
        }

        String providerId = def.providerId();
        String providerReason = null;
        if (providerId != null) {
            if (providers.byId(providerId).isEmpty()) {
                problems.add("providerId '" + providerId + "' is unknown; known providers: "
                        + String.join(", ", providers.providers().stream().map(IdpProvider::id).toList())
                        + ". Leave it out to detect it from samlUrl.");
            }
            providerReason = SessionDefinition.PROVIDER_CHOSEN;
        } else if (samlUrl.isPresent()) {
            ProviderRegistry.Selection selection = providers.select(samlUrl.get());
            providerId = selection.provider().id();
            providerReason = selection.reason();
        }
        checkHeadless(def, providerId, problems);
        checkPatternSizes("loginPagePatterns", def.loginPagePatterns(), problems);
        checkPatternSizes("assertionConsumerPatterns", def.assertionConsumerPatterns(), problems);
        for (String pattern : def.loginPagePatterns()) {
            if (pattern == null || pattern.length() > MAX_PATTERN_LENGTH) {
                continue;
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add("loginPagePatterns: '" + pattern + "' is not a valid regular expression ("
                        + e.getDescription() + ").");
            }
        }
        for (String pattern : def.assertionConsumerPatterns()) {
            if (pattern == null || pattern.length() > MAX_PATTERN_LENGTH) {
                continue;
            }
            if (!pattern.startsWith("https://") && !pattern.startsWith("http://")) {
                problems.add("assertionConsumerPatterns: '" + pattern + "' must be a URL pattern such as"
                        + " https://aws-proxy.example.com/saml* (* and ? are wildcards).");
            }
        }

        requireNoProblems(problems);
        checkAliasFree(def.alias(), others);
        return def.withProvider(providerId, providerReason);
    }

    /** A headless login needs a provider that offers one; a user name is one line of text. */
    private void checkHeadless(SessionDefinition def, String providerId, List<String> problems) {
        if (def.loginFlow() == dev.keyport.login.LoginFlow.HEADLESS && providerId != null) {
            Optional<IdpProvider> provider = providers.byId(providerId);
            if (provider.isPresent() && provider.get().headlessLogin().isEmpty()) {
                problems.add("loginFlow HEADLESS: provider " + providerId + " (" + provider.get().displayName()
                        + (def.providerId() == null ? ", detected from samlUrl" : "") + ") offers no sign-in without"
                        + " a browser; okta and onelogin do." + (def.providerId() == null ? " If your IdP is Okta or"
                        + " OneLogin on a domain of its own, name it with providerId (okta, onelogin);" : "")
                        + " otherwise use loginFlow BROWSER.");
            }
        }
        String user = def.username();
        if (user != null && (user.length() > MAX_ALIAS_LENGTH * 2 || user.chars().anyMatch(Character::isISOControl))) {
            problems.add("username must be one line of at most " + MAX_ALIAS_LENGTH * 2 + " characters: the name you"
                    + " sign in to the IdP with.");
        }
    }

    /**
     * A chained-role session: its parent is a federated (SAML) session, it has its own role, and AWS caps role
     * chaining at one hour.
     */
    private SessionDefinition validateChained(SessionDefinition def, Collection<FederatedSession> others,
                                              List<String> problems) {
        String wanted = def.parentSession();
        Optional<FederatedSession> parent = others.stream()
                .filter(s -> s.id().equals(wanted)
                        || s.definition().hasAlias(wanted))
                .findFirst();
        if (parent.isEmpty()) {
            problems.add("parentSession '" + wanted + "' is not a session (give the alias or id of a federated"
                    + " session; a session cannot be its own parent).");
        } else if (parent.get().definition().chained()) {
            problems.add("parentSession '" + wanted + "' is itself a chained session; the parent must be a"
                    + " federated (SAML) session.");
        }
        if (def.samlUrl() != null || def.idpArn() != null || def.providerId() != null) {
            problems.add("samlUrl, idpArn and providerId belong to the parent session; leave them out of a chained"
                    + " session.");
        }
        Optional<Arn> role = checkArn("roleArn", def.roleArn(), false, problems);
        Optional<Arn> parentRole = parent.flatMap(p -> {
            try {
                return Optional.of(Arn.parse(p.definition().roleArn()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (role.isPresent() && parentRole.isPresent()
                && !role.get().partition().equals(parentRole.get().partition())) {
            problems.add("roleArn is in partition " + role.get().partition() + " but the parent's role is in "
                    + parentRole.get().partition() + ": roles can only be chained within a partition.");
        }
        checkRegion(def.region(), role, problems);
        if (def.durationSeconds() != null
                && (def.durationSeconds() < MIN_DURATION || def.durationSeconds() > CHAINED_MAX_DURATION)) {
            problems.add("durationSeconds must be between " + MIN_DURATION + " and " + CHAINED_MAX_DURATION
                    + " for a chained session: AWS caps role chaining at one hour.");
        }
        requireNoProblems(problems);
        checkAliasFree(def.alias(), others);
        return def.withParent(parent.get().id(), "chained from session " + parent.get().definition().alias());
    }

    private static void requireNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidSessionException(problems);
        }
    }

    /** Patterns are short URL expressions: a null one is a client's mistake, and a huge one costs minutes to compile. */
    private static void checkPatternSizes(String field, List<String> patterns, List<String> problems) {
        if (patterns.size() > MAX_PATTERNS) {
            problems.add(field + " holds " + patterns.size() + " patterns; at most " + MAX_PATTERNS + " are allowed.");
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i) == null) {
                problems.add(field + " entry #" + (i + 1) + " is null; remove it.");
            } else if (patterns.get(i).length() > MAX_PATTERN_LENGTH) {
                problems.add(field + " entry #" + (i + 1) + " is " + patterns.get(i).length() + " characters long;"
                        + " at most " + MAX_PATTERN_LENGTH + " are allowed.");
            }
        }
    }

    private static void checkAliasFree(String alias, Collection<FederatedSession> others) {
        for (FederatedSession other : others) {
            if (other.definition().hasAlias(alias)) {
                throw new KeyportException(ErrorCategory.CONFLICT, "A session with the alias '"
                        + other.definition().alias() + "' already exists (id " + other.id()
                        + "). Choose another alias.");
            }
        }
    }

    /**
     * What is wrong with a SAML URL to sign in at (the same rules as a session's), as sentences; empty when it is
     * fine.
     */
    public static List<String> samlUrlProblems(String samlUrl) {
        List<String> problems = new ArrayList<>();
        checkSamlUrl(samlUrl, problems);
        return problems;
    }

    private static Optional<URI> checkSamlUrl(String samlUrl, List<String> problems) {
        if (samlUrl == null || samlUrl.isEmpty()) {
            problems.add("samlUrl is required: the IdP's SAML 2.0 URL where login starts (the AWS app's link in the IdP).");
            return Optional.empty();
        }
        try {
            URI uri = new URI(samlUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                problems.add("samlUrl must be an absolute https:// URL, e.g. https://acme.okta.com/home/amazon_aws/0oa1/272.");
                return Optional.empty();
            }
            if (uri.getRawUserInfo() != null) {
                // A password in the URL would be stored in sessions.json and shown wherever the URL is.
                problems.add("samlUrl must not carry a user name or password (the part before '@'); remove it:"
                        + " the IdP asks for them when you sign in.");
                return Optional.empty();
            }
            if (scheme.equals("http") && !isLoopback(uri.getHost())) {
                problems.add("samlUrl must use https:// (plain http is only accepted for an IdP on this machine).");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add("samlUrl is not a valid URL: " + e.getReason() + ".");
            return Optional.empty();
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static Optional<Arn> checkArn(String field, String value, boolean samlProvider, List<String> problems) {
        String example = samlProvider ? "arn:aws:iam::123456789012:saml-provider/MyIdP" : "arn:aws:iam::123456789012:role/MyRole";
        if (value == null || value.isEmpty()) {
            problems.add(field + " is required, e.g. " + example + ".");
            return Optional.empty();
        }
        Arn arn;
        try {
            arn = Arn.parse(value);
        } catch (IllegalArgumentException e) {
            // The parser's message gives a role as its example; this field's own example says what belongs here.
            problems.add(field + ": " + e.getMessage().replaceFirst(" \\(for example [^)]*\\)\\.$", "")
                    + "; it should look like " + example + ".");
            return Optional.empty();
        }
        if (samlProvider && !arn.isSamlProvider()) {
            problems.add(field + " must be an IAM SAML provider ARN (" + example + ")"
                    + (arn.isRole() ? "; this is a role ARN: are idpArn and roleArn swapped?" : "."));
            return Optional.empty();
        }
        if (!samlProvider && !arn.isRole()) {
            problems.add(field + " must be an IAM role ARN (" + example + ")"
                    + (arn.isSamlProvider() ? "; this is a SAML provider ARN." : "."));
            return Optional.empty();
        }
        return Optional.of(arn);
    }

    private static void checkRegion(String region, Optional<Arn> arn, List<String> problems) {
        if (region == null || region.isEmpty()) {
            problems.add("The region is required, e.g. eu-west-1 (a new session takes the region of the [default] profile"
                    + " in the AWS config file when there is one; there is none).");
            return;
        }
        Optional<Partition> partition = AwsNames.partitionOfRegion(region);
        if (partition.isEmpty()) {
            problems.add("The region '" + region + "' is not a region the AWS SDK knows; check the spelling (e.g. us-east-1, eu-west-1).");
            return;
        }
        arn.ifPresent(a -> {
            if (!partition.get().id().equals(a.partition())) {
                problems.add("The region " + region + " is in partition " + partition.get().id() + " but the ARNs are in "
                        + a.partition() + ": choose a region of " + a.partition() + ".");
            }
        });
    }
}
