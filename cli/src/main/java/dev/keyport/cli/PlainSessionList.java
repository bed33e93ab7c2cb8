package dev.keyport.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code keyport session list}, exactly that, without picocli's model of every command or Jackson's data binding: the
 * table is read from the daemon's JSON with Jackson's streaming parser, field by field. The full command
 * ({@link SessionDefinitionCommands.ListSessions}) prints the same table, made here. Anything unexpected (no daemon, an error answer, JSON of
 * another shape) is left to the full command, which reports it the usual way.
 */
final class PlainSessionList {
    private static final String[] HEADER = {"ALIAS", "STATUS", "PROFILE", "REGION", "ROLE", "PARENT", "EXPIRES"};

    private PlainSessionList() {
    }

    /** Whether this is the command line the plain path serves. */
    static boolean handles(String[] args) {
        return args.length == 2 && args[0].equals("session") && args[1].equals("list");
    }

    /** Prints the table and returns true, or prints nothing and returns false (the full command takes over). */
    static boolean print(Supplier<DaemonClient> client, PrintStream out) {
        Table table;
        try {
            table = table(client.get().get("/api/v1/sessions"));
        } catch (RuntimeException | IOException e) {
            return false;
        }
        PrintWriter writer = new PrintWriter(out, false, StandardCharsets.UTF_8);
        table.print(writer);
        writer.flush();
        return true;
    }

    /** The table of {@code GET /api/v1/sessions}'s answer (also what the full command prints). */
    static Table table(String json) throws IOException {
        List<Map<String, String>> sessions = read(json);
        Map<String, String> aliases = new HashMap<>();
        sessions.forEach(s -> aliases.put(s.get("id"), s.get("alias")));
        Table table = new Table(HEADER);
        for (Map<String, String> s : sessions) {
            String parent = s.get("parentSession");
            table.row(s.get("alias"), s.getOrDefault("status", ""), s.get("profileName"), s.get("region"),
                    s.get("roleArn"), parent == null ? "" : aliases.getOrDefault(parent, parent),
                    SessionCommand.localTime(instant(s.get("expiresAt"))));
        }
        return table;
    }

    /** The top-level string fields of each session in the list; other values are skipped. */
    static List<Map<String, String>> read(String json) throws IOException {
        List<Map<String, String>> sessions = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                expect(t, JsonToken.START_OBJECT);
                Map<String, String> session = new HashMap<>();
                for (JsonToken f = parser.nextToken(); f != JsonToken.END_OBJECT; f = parser.nextToken()) {
                    expect(f, JsonToken.FIELD_NAME);
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.VALUE_STRING) {
                        session.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
                sessions.add(session);
            }
            if (parser.nextToken() != null) {
                throw new IOException("more after the list");
            }
        }
        return sessions;
    }

    private static void expect(JsonToken found, JsonToken wanted) throws IOException {
        if (found != wanted) {
            throw new IOException("expected " + wanted + ", found " + found);
        }
    }

    private static Instant instant(String text) throws IOException {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException("expiresAt is not a time");
        }
    }
}
