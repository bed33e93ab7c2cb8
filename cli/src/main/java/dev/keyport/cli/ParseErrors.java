package dev.keyport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A command line picocli could not parse, said as one sentence in the CLI's words: which word is unknown, which
 * argument is missing and what it is, which value is wrong. picocli's own messages name indexes and Java types
 * ("Unmatched arguments from index 0", "'abc' is not an int").
 */
final class ParseErrors {
    private ParseErrors() {
    }

    static String sentence(CommandLine.ParameterException e) {
        CommandLine c = e.getCommandLine();
        String command = "'" + c.getCommandSpec().qualifiedName() + "'";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            if (typed.startsWith("-")) {
                return command + " has no option '" + typed.split("=", 2)[0] + "'.";
            }
            return c.getSubcommands().isEmpty() ? command + " takes no argument '" + typed + "'."
                    : command + " has no command '" + typed + "'.";
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            return command + " needs " + missing.getMissing().stream().map(ParseErrors::describe)
                    .collect(Collectors.joining(" and ")) + ".";
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Missing required subcommand")) {
            return command + " needs a command: " + String.join(", ", c.getSubcommands().keySet().stream()
                    .filter(name -> !name.equals("help")).toList()) + ".";
        }
        // "Invalid value for option '--duration': 'abc' is not an int"
        message = message.replaceAll("is not an? (int|long|Integer|Long)\\b", "is not a whole number")
                .replace("Invalid value for option ", "Wrong value for ");
        return message.endsWith(".") ? message : message + ".";
    }

    /** "SESSION (alias or id)", "--role-arn". */
    private static String describe(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return option.longestName();
        }
        PositionalParamSpec positional = (PositionalParamSpec) arg;
        List<String> description = List.of(positional.description());
        String what = description.isEmpty() ? "" : description.get(0).replaceAll("\\.$", "");
        return positional.paramLabel() + (what.isEmpty() ? "" : " (" + what.substring(0, 1).toLowerCase()
                + what.substring(1) + ")");
    }
}
