package dev.keyport.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code keyport completion}: a bash (and zsh, through bashcompinit) completion script. picocli writes it from the
 * command model, with the fixed values of options such as {@code --delivery} and {@code --output}; session aliases
 * change, so where a command takes a SESSION the script asks the daemon for them at the moment of completion.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, description = {"Print the shell completion script.",
        "Enable it with: source <(keyport completion)"})
final class CompletionCommand implements Callable<Integer> {
    /** What picocli writes for a command's positional parameters when it knows no values for them. */
    static final String NO_POSITIONALS = "local positionals=\"\"";
    /**
     * Reads aliases from the daemon with the same launcher the user is completing (the first word typed, a leading ~
     * expanded), so the home and the daemon are the ones the command will use; nothing when no daemon answers.
     */
    static final String ALIASES_FUNCTION = """

            # Session aliases for the SESSION arguments, asked of the daemon when completing (none if it is down).
            # Only aliases of plain characters are offered: bash expands the words given to compgen -W, so an alias
            # such as $(...) would otherwise run as a command.
            function _keyport_session_aliases() {
              local launcher="${1/#\\~/$HOME}"
              "${launcher:-keyport}" session list --output json 2>/dev/null \\
                | sed -n 's/^ *"alias" *: *"\\([A-Za-z0-9._@+=,:-]*\\)",\\{0,1\\}$/\\1/p'
            }
            """;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(script(root));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static String script(CommandLine root) {
        StringBuilder script = new StringBuilder(AutoComplete.bash("keyport", root));
        offerAliases(root, "_picocli_keyport", script);
        return script.append(ALIASES_FUNCTION).toString();
    }

    /** In the function of every command whose positional parameter is a SESSION, completes it with the aliases. */
    private static void offerAliases(CommandLine command, String function, StringBuilder script) {
        boolean takesSession = command.getCommandSpec().positionalParameters().stream()
                .anyMatch(p -> "SESSION".equals(p.paramLabel()));
        if (takesSession) {
            int start = script.indexOf("function " + function + "() {");
            int end = start < 0 ? -1 : script.indexOf("\n}\n", start);
            int at = start < 0 ? -1 : script.indexOf(NO_POSITIONALS, start);
            if (at < 0 || at > end) {
                throw new IllegalStateException("The completion script has no place for " + function + "'s aliases");
            }
            script.replace(at, at + NO_POSITIONALS.length(),
                    "local positionals=$(_keyport_session_aliases \"${COMP_WORDS[0]}\")");
        }
        // One function per name, aliases included; picocli drops what bash cannot have in a name ("-").
        command.getSubcommands().forEach((name, sub) ->
                offerAliases(sub, function + "_" + name.replaceAll("[^A-Za-z0-9_]", ""), script));
    }
}
