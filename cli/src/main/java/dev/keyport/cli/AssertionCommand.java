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
import java.util.List;

/** {@code keyport assertion inspect FILE}. */
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
                    "With --create, creates those that do not exist yet."})
    static final class Discover extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "File with the base64 SAMLResponse ('-' reads stdin).")
        Path file;
        @Option(names = "--saml-url", description = "The IdP's SAML URL the sessions sign in at (needed to create).")
        String samlUrl;
        @Option(names = "--region", description = "Region for the sessions (default: from the assertion's ACS).")
        String region;
        @Option(names = "--create", description = "Create the suggested sessions that do not exist yet.")
        boolean create;
        @Mixin
        OutputFormat output;

        @Override
        void run() throws Exception {
            String answer = client().post("/api/v1/assertions/discover",
                    Json.write(new DiscoverRequest(readSamlResponse(file), samlUrl, region)));
            List<SessionSuggestion> suggestions = Json.readList(answer, SessionSuggestion.class);
            if (create) {
                if (samlUrl == null) {
                    throw new CliException(ExitCodes.INVALID_INPUT, "--create needs --saml-url: the sessions sign in"
                            + " there.");
                }
                for (SessionSuggestion s : suggestions) {
                    if (s.existingSessionId() != null) {
                        continue;
                    }
                    client().post("/api/v1/sessions", Json.write(new SessionRequest(s.alias(), s.profileName(),
                            s.region(), s.samlUrl(), s.idpArn(), s.roleArn(), null, null, null, null, null, null)));
                    err().println("created session " + s.alias());
                }
            }
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            Table t = new Table("ALIAS", "PROFILE", "REGION", "ROLE ARN", "EXISTS");
            for (SessionSuggestion s : suggestions) {
                t.row(s.alias(), s.profileName(), s.region(), s.roleArn(),
                        s.existingSessionId() != null ? "yes" : (create ? "created" : "no"));
            }
            t.print(out());
        }
    }
}
