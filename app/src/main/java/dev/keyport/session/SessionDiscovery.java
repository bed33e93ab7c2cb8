package dev.keyport.session;

import dev.keyport.assertion.RolePair;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.aws.Arn;
import dev.keyport.aws.AwsNames;
import dev.keyport.aws.Partition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Role discovery: the sessions one assertion could back, one per role pair, with an alias and profile suggested, so
 * a user with twenty roles does not type twenty sessions (leapp #481). Pure: it reads, it never creates.
 */
public final class SessionDiscovery {
    private SessionDiscovery() {
    }

    /**
     * A session that could be created from the assertion.
     *
     * @param definition      ready to POST to /api/v1/sessions (samlUrl as given, which may be null)
     * @param existingSession the id of a session that already uses this role and IdP, else null
     */
    public record Suggestion(SessionDefinition definition, String existingSession) {
    }

    /**
     * @param samlUrl the IdP URL the sessions would log in at (optional: the assertion does not carry it)
     * @param region  the region to suggest; default: the ACS's regional host, else the partition's usual region
     */
    public static List<Suggestion> suggest(SamlAssertion assertion, String samlUrl, String region,
                                           List<FederatedSession> existing) {
        Set<String> taken = new HashSet<>();
        existing.forEach(s -> {
            taken.add(s.definition().alias().toLowerCase(Locale.ROOT));
            taken.add(s.definition().profileName().toLowerCase(Locale.ROOT));
        });
        List<Suggestion> suggestions = new ArrayList<>();
        for (RolePair pair : assertion.rolePairs()) {
            Arn role;
            try {
                role = Arn.parse(pair.roleArn());
            } catch (IllegalArgumentException e) {
                continue; // the reader already skips pairs it cannot classify; this is only belt and braces
            }
            Optional<FederatedSession> same = existing.stream()
                    .filter(s -> s.definition().roleArn().equals(pair.roleArn())
                            && s.definition().idpArn().equals(pair.idpArn()))
                    .findFirst();
            String name = same.map(s -> s.definition().alias()).orElseGet(() -> unique(baseName(role), taken));
            String profile = same.map(s -> s.definition().profileName()).orElse(name);
            SessionDefinition definition = new SessionDefinition(name, profile, regionFor(assertion, role, region),
                    samlUrl, pair.idpArn(), pair.roleArn(), null, null);
            suggestions.add(new Suggestion(definition, same.map(FederatedSession::id).orElse(null)));
        }
        return suggestions;
    }

    /** {@code <account>-<role name>}, lower case, reduced to the characters AWS profile names allow. */
    static String baseName(Arn role) {
        String roleName = role.resource().substring(role.resource().lastIndexOf('/') + 1);
        String name = (role.accountId() + "-" + roleName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.@%/-]+", "-");
        return AwsNames.profileNameProblem(name).isEmpty() ? name : role.accountId();
    }

    private static String unique(String base, Set<String> taken) {
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        taken.add(name);
        return name;
    }

    private static String regionFor(SamlAssertion assertion, Arn role, String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested.trim();
        }
        Optional<String> acsRegion = assertion.acsEndpoint().flatMap(Partition.AcsEndpoint::region);
        if (acsRegion.isPresent()) {
            return acsRegion.get();
        }
        return role.knownPartition().map(Partition::defaultRegion).orElse("us-east-1");
    }
}
