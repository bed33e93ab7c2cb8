package dev.keyport.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainSessionListTest {
    private static final String LIST = "[{\"id\":\"id-1\",\"alias\":\"dev\",\"profileName\":\"dev\",\"region\":\"eu-west-1\","
            + "\"roleArn\":\"arn:aws:iam::123456789012:role/Dev\",\"status\":\"ACTIVE\","
            + "\"expiresAt\":\"2026-12-02T16:00:00Z\",\"warnings\":[\"w\"],\"challenge\":{\"id\":\"c\"},"
            + "\"durationSeconds\":3600,\"providerChosen\":true},"
            + "{\"id\":\"id-2\",\"alias\":\"ops\\u001b[31m\",\"profileName\":\"ops\",\"region\":\"us-east-1\","
            + "\"roleArn\":\"arn:aws:iam::123456789012:role/Ops\",\"status\":\"INACTIVE\",\"parentSession\":\"id-1\","
            + "\"expiresAt\":null}]";

    private static String printed(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void onlyTheBareCommandTakesThePlainPath() {
        assertTrue(PlainSessionList.handles(new String[] {"session", "list"}));
        assertFalse(PlainSessionList.handles(new String[] {"session", "list", "-o", "json"}));
        assertFalse(PlainSessionList.handles(new String[] {"session", "list", "--help"}));
        assertFalse(PlainSessionList.handles(new String[] {"session", "show", "list"}));
    }

    @Test
    void theTableNamesParentsByAliasSkipsOtherFieldsAndCleansTheDaemonsText() throws IOException {
        String table = printed(PlainSessionList.table(LIST));
        String[] lines = table.split("\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].startsWith("ALIAS"), table);
        assertTrue(lines[1].contains("dev") && lines[1].contains("ACTIVE")
                && lines[1].contains(SessionCommand.localTime(Instant.parse("2026-12-02T16:00:00Z"))), table);
        assertTrue(lines[2].contains("INACTIVE") && lines[2].contains(" dev"), "parent shown by alias: " + table);
        assertFalse(table.contains("\u001b"), "no terminal escape from the daemon's text");
    }

    @Test
    void jsonOfAnotherShapeIsRefusedRatherThanMisprinted() {
        assertThrows(IOException.class, () -> PlainSessionList.table("{\"sessions\":[]}"));
        assertThrows(IOException.class, () -> PlainSessionList.table("[{\"expiresAt\":\"tomorrow\"}]"));
        assertThrows(IOException.class, () -> PlainSessionList.table("[] []"));
    }
}
