package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The root of the {@code keyport} command line. Every command talks to a running daemon through its REST API over the
 * daemon's Unix domain socket ({@link DaemonClient}); errors are one line on stderr and an exit code from
 * {@link ExitCodes}. ({@code daemon} and {@code testkit} are listed for help; the launcher runs their own programs.)
 */
@Command(name = "keyport", mixinStandardHelpOptions = true, versionProvider = KeyportCli.Version.class,
        description = "Federated AWS sessions through your identity provider.",
        subcommands = {SessionCommand.class, ProviderCommand.class, AssertionCommand.class,
                CredentialProcessCommand.class, ExecCommand.class, ConsoleCommand.class, UiCommand.class, DaemonCommand.class,
                LoginCommand.class, ServiceCommand.class, DoctorCommand.class, TestkitCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:done",
                "1:internal error (see the daemon log)",
                "2:invalid command line or input",
                "3:daemon not running, or API token refused",
                "4:no such session",
                "5:not possible in the session's current state",
                "6:refused by the identity provider or AWS",
                "7:identity provider or AWS unreachable",
                "8:doctor: warnings, no error",
                "9:doctor: at least one error",
                "126:exec: the command is not executable",
                "127:exec: the command was not found"},
        footer = {"", "The daemon keeps its state, its API token and the socket the CLI talks to in its home"
                + " (KEYPORT_HOME, else ~/.keyport); its REST API listens on 127.0.0.1 at the port it records in"
                + " daemon.json there."})
public final class KeyportCli {

    private final Supplier<DaemonClient> clients;

    KeyportCli(Supplier<DaemonClient> clients) {
        this.clients = clients;
    }

    DaemonClient client() {
        return clients.get();
    }

    /** A command line for this root, with one-line errors and the exit-code mapping. */
    static CommandLine commandLine(KeyportCli root, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(root);
        // The root's help ends with the home and port in effect for this shell (read only when help is shown).
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> help.footer() + String.format("%n%s%n", root.whereTheDaemonIs()));
        cli.setOut(out);
        cli.setErr(err);
        // -V is offered on every command; picocli knows the version only where the provider is declared.
        withVersion(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            CliException ce = e instanceof CliException known ? known : new CliException(ExitCodes.INTERNAL,
                    "Unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "." : ": "
                            + e.getMessage()));
            reportError(commandLine.getErr(), parseResult.originalArgs(), ce);
            return ce.exitCode();
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            String sentence = ParseErrors.sentence(e);
            if (ErrorReport.jsonRequested(List.of(args))) {
                // A script asked for JSON: one document, no advice meant for people.
                ErrorReport.json(c.getErr(), new CliException(ExitCodes.INVALID_INPUT, sentence));
                return ExitCodes.INVALID_INPUT;
            }
            c.getErr().println("keyport: " + sentence);
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getUnmatched().isEmpty()) {
                String typed = unmatched.getUnmatched().get(0);
                List<String> near = typed.startsWith("-")
                        ? Suggestions.closest(typed.split("=", 2)[0], c.getCommandSpec().optionsMap().keySet())
                        : Suggestions.closest(typed, c.getSubcommands().keySet());
                if (!near.isEmpty()) {
                    String prefix = typed.startsWith("-") ? "" : c.getCommandSpec().qualifiedName() + " ";
                    c.getErr().println("Did you mean " + String.join(" or ", near.stream()
                            .map(word -> "'" + prefix + word + "'").toList()) + "?");
                }
            }
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.INVALID_INPUT;
        });
        return cli;
    }

    private static void withVersion(CommandLine command) {
        command.getCommandSpec().versionProvider(new Version());
        command.getSubcommands().values().forEach(KeyportCli::withVersion);
    }

    /** An error on stderr: one line for people, or, after {@code --output json}, a JSON document for scripts. */
    private static void reportError(PrintWriter err, List<String> args, CliException e) {
        if (ErrorReport.jsonRequested(args)) {
            ErrorReport.json(err, e);
        } else {
            err.println("keyport: " + TerminalText.printable(e.getMessage()));
        }
    }

    /** "Home: ...; port: ..." as this shell would reach the daemon. */
    String whereTheDaemonIs() {
        java.nio.file.Path home = client().home();
        String port = "no daemon has recorded a port there yet";
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"port\"\\s*:\\s*(\\d+)")
                    .matcher(java.nio.file.Files.readString(home.resolve(dev.keyport.api.home.HomeLayout.RECORD)));
            if (m.find()) {
                port = "port " + m.group(1) + " on 127.0.0.1, as recorded in " + home.resolve(dev.keyport.api.home.HomeLayout.RECORD);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no record: the sentence above says so
        }
        return "In this shell: home " + home + "; " + port + ".";
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KeyportCli.class.getPackage().getImplementationVersion();
            return new String[]{"keyport " + (v == null ? "(development build)" : v)};
        }
    }
}
