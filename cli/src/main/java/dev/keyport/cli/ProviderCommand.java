package dev.keyport.cli;

import dev.keyport.api.model.ProviderView;
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
            String answer = client().get("/api/v1/providers");
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            Table t = new Table("ID", "NAME", "SIGN-IN", "VERSION", "SOURCE", "STATUS");
            for (ProviderView p : Json.readList(answer, ProviderView.class)) {
                String status = p.loaded() ? "loaded" : p.problem() == null ? "set aside" : "set aside: " + p.problem();
                String signIn = !p.loaded() ? "" : Boolean.TRUE.equals(p.headlessLogin()) ? "browser, headless"
                        : "browser";
                t.row(p.id(), p.displayName(), signIn, p.version(), p.source(), status);
            }
            t.print(out());
        }
    }
}
