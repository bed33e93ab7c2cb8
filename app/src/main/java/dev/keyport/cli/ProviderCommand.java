package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keyport provider list}. */
@Command(name = "provider", mixinStandardHelpOptions = true, description = "Identity providers: built in and plugins.",
        subcommands = ProviderCommand.ListProviders.class)
final class ProviderCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List providers, with the plugins that were set aside and why.")
    static final class ListProviders extends ClientCommand {
        @Mixin
        OutputFormat output;

        @Override
        void run() {
            JsonNode providers = Json.parse(client().get("/api/v1/providers"));
            if (output.json()) {
                out().println(Json.pretty(providers));
                return;
            }
            Table t = new Table("ID", "NAME", "VERSION", "SOURCE", "STATUS");
            for (JsonNode p : providers) {
                String status = p.path("loaded").asBoolean() ? "loaded" : "set aside: " + Json.text(p, "problem");
                t.row(Json.text(p, "id"), Json.text(p, "displayName"), Json.text(p, "version"),
                        Json.text(p, "source"), status);
            }
            t.print(out());
        }
    }
}
