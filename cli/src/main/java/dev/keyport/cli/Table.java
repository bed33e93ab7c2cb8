package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header row and left-aligned columns two spaces apart. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    /**
     * A FIELD/VALUE table of {@code namesAndValues} (name, value, name, value...), leaving out the fields without a
     * value.
     */
    static Table ofFields(Object... namesAndValues) {
        Table t = new Table("FIELD", "VALUE");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null && !value.toString().isEmpty()) {
                t.row(namesAndValues[i].toString(), value.toString());
            }
        }
        return t;
    }

    /** Cells hold the daemon's text (an IdP's error in lastError, say): printed with {@link TerminalText}. */
    Table row(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = TerminalText.printable(cells[i]);
        }
        rows.add(safe);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String c = cell(row, i);
                line.append(c);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - c.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i] : "";
    }
}
