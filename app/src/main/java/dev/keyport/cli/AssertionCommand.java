package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

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
            ObjectNode body = Json.object().put("samlResponse", readSamlResponse(file));
            JsonNode report = Json.parse(client().post("/api/v1/assertions/inspect", Json.compact(body)));
            if (output.json()) {
                out().println(Json.pretty(report));
                return;
            }
            Table t = new Table("FIELD", "VALUE");
            for (String f : new String[]{"issuer", "looksLikeProvider", "partition", "acsRegion", "roleSessionName",
                    "notOnOrAfter", "currentlyValid", "sessionDurationSeconds", "encrypted", "signature"}) {
                String v = Json.text(report, f);
                if (!v.isEmpty()) {
                    t.row(f, v);
                }
            }
            t.print(out());
            out().println();
            Table roles = new Table("ACCOUNT", "ROLE", "ROLE ARN", "IDP ARN");
            for (JsonNode r : report.path("roles")) {
                roles.row(Json.text(r, "accountId"), Json.text(r, "roleName"), Json.text(r, "roleArn"),
                        Json.text(r, "idpArn"));
            }
            roles.print(out());
            for (JsonNode n : report.path("notes")) {
                out().println("note: " + n.asText());
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
            ObjectNode body = Json.object().put("samlResponse", readSamlResponse(file));
            if (samlUrl != null) {
                body.put("samlUrl", samlUrl);
            }
            if (region != null) {
                body.put("region", region);
            }
            JsonNode suggestions = Json.parse(client().post("/api/v1/assertions/discover", Json.compact(body)));
            if (create) {
                if (samlUrl == null) {
                    throw new CliException(ExitCodes.INVALID_INPUT, "--create needs --saml-url: the sessions sign in"
                            + " there.");
                }
                for (JsonNode s : suggestions) {
                    if (s.hasNonNull("existingSessionId")) {
                        continue;
                    }
                    ObjectNode session = Json.object();
                    for (String f : new String[]{"alias", "profileName", "region", "samlUrl", "idpArn", "roleArn"}) {
                        session.set(f, s.get(f));
                    }
                    client().post("/api/v1/sessions", Json.compact(session));
                    err().println("created session " + Json.text(s, "alias"));
                }
            }
            if (output.json()) {
                out().println(Json.pretty(suggestions));
                return;
            }
            Table t = new Table("ALIAS", "PROFILE", "REGION", "ROLE ARN", "EXISTS");
            for (JsonNode s : suggestions) {
                t.row(Json.text(s, "alias"), Json.text(s, "profileName"), Json.text(s, "region"),
                        Json.text(s, "roleArn"), s.hasNonNull("existingSessionId") ? "yes" : (create ? "created" : "no"));
            }
            t.print(out());
        }
    }
}
