package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code keyport credential-process SESSION}: the AWS credential_process protocol. Prints the daemon's JSON as is,
 * from its memory while the credentials are valid (no IdP round trip), starting the session first if it has none.
 * Runs for every AWS call of a credential_process profile, so it loads no JSON library.
 */
@Command(name = "credential-process", mixinStandardHelpOptions = true,
        description = "Print a session's credentials for the AWS credential_process setting.")
final class CredentialProcessCommand extends ClientCommand {
    @Parameters(paramLabel = "SESSION", description = "Alias or id.")
    String session;

    @Override
    void run() {
        out().println(client().get(SessionCommand.path(session) + "/credentials?start=true"));
    }
}
