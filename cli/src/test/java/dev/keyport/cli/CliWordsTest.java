package dev.keyport.cli;

import dev.keyport.api.model.DiscoverRequest;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.StartRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's API words become the CLI's flags and commands in what the CLI prints. */
class CliWordsTest {

    @Test
    void fieldsAndRoutesBecomeFlagsAndCommands() {
        assertEquals("No session 'x'. List sessions with keyport session list.",
                CliWords.fromApi("No session 'x'. List sessions with GET /api/v1/sessions."));
        assertEquals("--saml-url must use https:// (plain http is only accepted for an IdP on this machine).",
                CliWords.fromApi("samlUrl must use https:// (plain http is only accepted for an IdP on this machine)."));
        assertEquals("--role-arn is in account 1 but --idp-arn is in account 2.",
                CliWords.fromApi("roleArn is in account 1 but idpArn is in account 2."));
        assertEquals("start the session again with --replace-profile (Keyport keeps a backup)",
                CliWords.fromApi("start the session again with replaceProfile: true (Keyport keeps a backup)"));
        assertEquals("Lower the session's --duration.", CliWords.fromApi("Lower the session's durationSeconds."));
        assertNull(CliWords.fromApi(null));
    }

    @Test
    void quotedValuesAreTheUsersWordsAndStayAsTheyAre() {
        assertEquals("A session with the alias 'roleArn' already exists.",
                CliWords.fromApi("A session with the alias 'roleArn' already exists."));
        assertEquals("No session has the id or alias 'GET /api/v1/sessions'. List sessions with keyport session list.",
                CliWords.fromApi("No session has the id or alias 'GET /api/v1/sessions'. List sessions with"
                        + " GET /api/v1/sessions."));
    }

    @Test
    void wordsInsideOtherWordsPathsOrFlagsStayAsTheyAre() {
        for (String text : new String[]{"x_samlUrl", "samlUrls", "/api/v1/sessions/acme", "GET /api/v1/sessions/acme",
                "--samlUrl", "the SAMLResponse", "profileNames"}) {
            assertEquals(text, CliWords.fromApi(text));
        }
    }

    /** Every request field the daemon can name in a message has a CLI word, and that word is a real option. */
    @Test
    void everyRequestFieldHasAFlagThatExists() {
        Set<String> options = new HashSet<>();
        collectOptions(new CommandLine(new KeyportCli(() -> new DaemonClient(Path.of("/nonexistent")))), options);
        Stream.of(SessionRequest.class, StartRequest.class, DiscoverRequest.class)
                .flatMap(type -> Stream.of(type.getRecordComponents()))
                .map(c -> c.getName())
                .filter(name -> !name.equals(name.toLowerCase()))  // one-word fields (alias, region) read as English
                .forEach(field -> {
                    String flag = CliWords.API_TO_CLI.get(field);
                    assertTrue(flag != null, field + " has no CLI word in CliWords");
                    assertTrue(options.contains(flag), field + " -> " + flag + ", which no command has");
                });
    }

    private static void collectOptions(CommandLine command, Set<String> into) {
        command.getCommandSpec().options().forEach(o -> into.addAll(Set.of(o.names())));
        command.getSubcommands().values().forEach(sub -> collectOptions(sub, into));
    }
}
