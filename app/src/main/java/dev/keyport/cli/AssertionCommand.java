package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code keyport assertion inspect FILE}. */
@Command(name = "assertion", mixinStandardHelpOptions = true, description = "Look into SAML assertions.",
        subcommands = AssertionCommand.Inspect.class)
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
                    "notOnOrAfter", "currentlyValid", "sessionDurationSeconds", "encrypted"}) {
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
                        Json.text(r, "principalArn"));
            }
            roles.print(out());
            for (JsonNode n : report.path("notes")) {
                out().println("note: " + n.asText());
            }
        }
    }
}
