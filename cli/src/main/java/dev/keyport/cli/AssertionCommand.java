package dev.keyport.cli;

import dev.keyport.api.model.AssertionReport;
import dev.keyport.api.model.DiscoverRequest;
import dev.keyport.api.model.InspectRequest;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionSuggestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code keyport assertion inspect FILE} and {@code keyport assertion discover FILE}. */
@Command(name = "assertion", mixinStandardHelpOptions = true, description = "Look into SAML assertions.",
        subcommands = {AssertionCommand.Inspect.class, AssertionCommand.Discover.class})
final class AssertionCommand {

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "What a SAMLResponse offers (roles, validity, IdP), without calling AWS.")
    static final class Inspect extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "File with the base64 SAMLResponse ('-' reads stdin).")
        Path file;
        @Mixin
        OutputFormat output;

        @Override
        void run() throws Exception {
            String answer = client().post("/api/v1/assertions/inspect",
                    Json.write(new InspectRequest(readSamlResponse(file))));
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            AssertionReport report = Json.read(answer, AssertionReport.class);
            Table.ofFields("issuer", report.issuer(), "looksLikeProvider", report.looksLikeProvider(),
                    "partition", report.partition(), "acsRegion", report.acsRegion(),
                    "roleSessionName", report.roleSessionName(), "notOnOrAfter", report.notOnOrAfter(),
                    "currentlyValid", report.currentlyValid(), "sessionDurationSeconds", report.sessionDurationSeconds(),
                    "encrypted", report.encrypted(), "signature", report.signature()).print(out());
            out().println();
            Table roles = new Table("ACCOUNT", "ROLE", "ROLE ARN", "IDP ARN");
            for (AssertionReport.Role r : report.roles() == null ? List.<AssertionReport.Role>of() : report.roles()) {
                roles.row(r.accountId(), r.roleName(), r.roleArn(), r.idpArn());
            }
            roles.print(out());
            if (report.notes() != null) {
                report.notes().forEach(n -> out().println("note: " + n));
            }
        }
    }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = {"The sessions an assertion allows: one per role, alias and profile suggested.",
                    "Without --create it only shows what would be created; with it, creates those that do not exist"
                            + " yet."})
    static final class Discover extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "File with the base64 SAMLResponse ('-' reads stdin).")
        Path file;
        @Option(names = "--saml-url", description = "The IdP's SAML URL the sessions sign in at (needed to create).")
        String samlUrl;
        @Option(names = "--region", description = "Region for the sessions (default: from the assertion's ACS).")
        String region;
        @Option(names = "--role", paramLabel = "PATTERN", description = {"Only roles whose name or ARN matches"
                + " PATTERN ('*' matches any text, case ignored), e.g. 'Admin*' or '*:123456789012:*'.",
                "Repeat it for more; without it, every role."})
        List<String> rolePatterns = new ArrayList<>();
        @Option(names = "--create", description = "Create the suggested sessions that do not exist yet.")
        boolean create;
        @Mixin
        OutputFormat output;

        @Override
        void run() throws Exception {
            if (create && samlUrl == null) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--create needs --saml-url: the sessions sign in"
                        + " there.");
            }
            String answer = client().post("/api/v1/assertions/discover",
                    Json.write(new DiscoverRequest(readSamlResponse(file), samlUrl, region)));
            List<SessionSuggestion> offered = Json.readList(answer, SessionSuggestion.class);
            List<SessionSuggestion> suggestions = RolePatterns.pick(rolePatterns, offered);
            if (create) {
                for (SessionSuggestion s : suggestions) {
                    if (s.existingSessionId() != null) {
                        continue;
                    }
                    client().post("/api/v1/sessions", Json.write(sessionFor(s)));
                    err().println("Created session '" + s.alias() + "'.");
                }
            }
            if (output.json()) {
                out().println(Json.pretty(Json.write(suggestions)));
                return;
            }
            Table t = new Table("ALIAS", "PROFILE", "REGION", "ROLE ARN", "ACTION");
            long toCreate = 0;
            for (SessionSuggestion s : suggestions) {
                boolean exists = s.existingSessionId() != null;
                toCreate += exists ? 0 : 1;
                t.row(s.alias(), s.profileName(), s.region(), s.roleArn(),
                        exists ? "exists" : (create ? "created" : "would create"));
            }
            t.print(out());
            if (!create && toCreate > 0) {
                err().println("Nothing was created. To create the " + toCreate + " marked 'would create', run this"
                        + " again with --create" + (samlUrl == null ? " --saml-url URL (where they sign in)" : "")
                        + ".");
            }
        }
    }

    /** The session a suggestion describes, as {@code POST /api/v1/sessions} takes it (other fields: defaults). */
    static SessionRequest sessionFor(SessionSuggestion s) {
        return new SessionRequest(s.alias(), s.profileName(), s.region(), s.samlUrl(), s.idpArn(), s.roleArn(), null,
                null, null, null, null, null, null, null);
    }

    /**
     * {@code --role} patterns: '*' for any text, matched against the role's name and its ARN, case ignored. Matched
     * with a linear wildcard walk, not a regular expression: role paths from an IdP can be long, and a backtracking
     * '.*' per star could take minutes on a crafted one.
     */
    static final class RolePatterns {
        private RolePatterns() {
        }

        static List<SessionSuggestion> pick(List<String> patterns, List<SessionSuggestion> offered) {
            if (patterns.isEmpty()) {
                return offered;
            }
            List<SessionSuggestion> picked = new ArrayList<>();
            for (String glob : patterns) {
                List<SessionSuggestion> matching = offered.stream().filter(s -> matches(glob, s.roleArn())
                        || matches(glob, s.roleArn().substring(s.roleArn().lastIndexOf('/') + 1))).toList();
                if (matching.isEmpty()) {
                    throw new CliException(ExitCodes.INVALID_INPUT, "No role of the assertion matches --role '" + glob
                            + "'. It offers: " + String.join(", ", offered.stream().map(SessionSuggestion::roleArn)
                            .toList()) + ".");
                }
                matching.stream().filter(s -> !picked.contains(s)).forEach(picked::add);
            }
            return picked;
        }

        /** Whether {@code text} matches {@code glob} ('*' any run of characters), case ignored; O(length product) worst. */
        static boolean matches(String glob, String text) {
            String g = glob.toLowerCase(Locale.ROOT);
            String t = text.toLowerCase(Locale.ROOT);
            int gi = 0;
            int ti = 0;
            int star = -1;
            int resume = 0;
            while (ti < t.length()) {
                if (gi < g.length() && g.charAt(gi) != '*' && g.charAt(gi) == t.charAt(ti)) {
                    gi++;
                    ti++;
                } else if (gi < g.length() && g.charAt(gi) == '*') {
                    star = gi++;
                    resume = ti;
                } else if (star >= 0) {
                    gi = star + 1;
                    ti = ++resume;
                } else {
                    return false;
                }
            }
            while (gi < g.length() && g.charAt(gi) == '*') {
                gi++;
            }
            return gi == g.length();
        }
    }
}
