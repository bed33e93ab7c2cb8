package dev.keyport.cli;

import picocli.CommandLine.Option;

/** {@code --output table|json}: a table for people, the daemon's JSON for scripts. */
final class OutputFormat {
    enum Kind { table, json }

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default) or json.")
    Kind kind = Kind.table;

    boolean json() {
        return kind == Kind.json;
    }
}
