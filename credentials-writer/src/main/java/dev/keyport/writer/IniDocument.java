package dev.keyport.writer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A line-preserving model of an AWS shared config or credentials file (INI dialect of the AWS SDKs and CLI).
 *
 * <p>{@link #parse(String)} followed by {@link #render()} gives back the input exactly: byte order mark, per-line
 * line endings (CRLF or LF), a missing final newline, comments, odd spacing and everything the model does not
 * understand. The editing operations touch only the lines of the section they are given; every other line keeps its
 * text and line ending.
 *
 * <p><b>Which lines belong to a section.</b> A section starts at its header line and ends at its last
 * <em>significant</em> line: a property ({@code key = value}), a continuation/sub-property line (indented, following
 * a property), or any other non-comment text. Comments and blank lines that come after that last significant line
 * belong to whatever follows (usually the next section's header, as its leading comments), so removing or rewriting
 * a section never eats a comment that describes the next one. Comments between a section's header and its last
 * property are part of the section.
 *
 * <p>Header rules follow the AWS parsers: the name is the text between {@code [} and the first {@code ]}, trimmed;
 * whatever follows the {@code ]} (a comment) is ignored. A header without a closing bracket still ends the previous
 * section but has no name, so it never matches a lookup. Indented lines that follow a property are continuations (the
 * {@code s3 =} sub-property block), even when they look like a header or comment.
 *
 * <p>{@link Section} handles are snapshots: after any edit, handles obtained earlier are stale and are rejected.
 * Instances are not thread-safe.
 */
public final class IniDocument {

    private static final String BOM = "\uFEFF";

    private final String bom;
    private final List<Line> lines;
    private int version;
    /** {@link #sections()} as of {@link #sectionsVersion}: edits are rare next to lookups, and big files are scanned once. */
    private List<Section> sections;
    private int sectionsVersion = -1;

    private IniDocument(String bom, List<Line> lines) {
        this.bom = bom;
        this.lines = lines;
    }

    /** Parses file text ({@code null} is treated as an empty file). Never fails: unknown syntax is kept verbatim. */
    public static IniDocument parse(String text) {
        String rest = text == null ? "" : text;
        String bom = "";
        if (rest.startsWith(BOM)) {
            bom = BOM;
            rest = rest.substring(1);
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < rest.length()) {
            int nl = rest.indexOf('\n', start);
            if (nl < 0) {
                lines.add(new Line(rest.substring(start), ""));
                break;
            }
            boolean crlf = nl > start && rest.charAt(nl - 1) == '\r';
            lines.add(new Line(rest.substring(start, crlf ? nl - 1 : nl), crlf ? "\r\n" : "\n"));
            start = nl + 1;
        }
        return new IniDocument(bom, lines);
    }

    /** The document as text, identical to the parsed input apart from the edits made since. */
    public String render() {
        StringBuilder sb = new StringBuilder(bom);
        for (Line line : lines) {
            sb.append(line.text).append(line.eol);
        }
        return sb.toString();
    }

    /**
     * The line ending most lines use: {@code "\r\n"} when CRLF lines outnumber LF lines, otherwise {@code "\n"} (also
     * for a file without any line ending, so new files get the POSIX convention the AWS tools read everywhere).
     */
    public String lineEnding() {
        int crlf = 0;
        int lf = 0;
        for (Line line : lines) {
            if (line.eol.equals("\r\n")) {
                crlf++;
            } else if (line.eol.equals("\n")) {
                lf++;
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /** Counts the edits made since parsing; a section handle is valid only for the version it was found in. */
    int version() {
        return version;
    }

    /** All sections in file order, duplicates included. */
    public List<Section> sections() {
        if (sectionsVersion != version) {
            sections = scanSections(name -> true);
            sectionsVersion = version;
        }
        return sections;
    }

    /**
     * The sections whose name (null for a malformed header) passes {@code wanted}, in file order. Same as filtering
     * {@link #sections()}, but the properties of the other sections are not read: a writer looking for one profile in
     * a file of thousands, after each of a batch of edits, scans the lines and no more.
     */
    public List<Section> sectionsWhere(Predicate<String> wanted) {
        if (sectionsVersion == version) {
            return sections.stream().filter(s -> wanted.test(s.name())).toList();
        }
        return scanSections(wanted);
    }

    private List<Section> scanSections(Predicate<String> wanted) {
        List<Section> result = new ArrayList<>();
        boolean keep = false;
        int header = -1;
        String name = null;
        int lastSignificant = -1;
        Map<String, String> props = null;
        boolean afterProperty = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text;
            String stripped = text.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            boolean indented = text.charAt(0) == ' ' || text.charAt(0) == '\t';
            if (indented && afterProperty) {
                lastSignificant = i;
                continue;
            }
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (stripped.startsWith("[")) {
                if (keep) {
                    result.add(new Section(name, header, lastSignificant, props, version, this));
                }
                header = i;
                name = headerName(stripped);
                keep = wanted.test(name);
                lastSignificant = i;
                props = keep ? new LinkedHashMap<>() : null;
                afterProperty = false;
                continue;
            }
            // Property (or unparseable text) before the first header belongs to no section and is left alone.
            if (header >= 0) {
                lastSignificant = i;
                int eq = text.indexOf('=');
                if (eq >= 0) {
                    if (keep) {
                        props.put(text.substring(0, eq).strip(), propertyValue(text.substring(eq + 1)));
                    }
                    afterProperty = true;
                } else {
                    afterProperty = false;
                }
            }
        }
        if (keep) {
            result.add(new Section(name, header, lastSignificant, props, version, this));
        }
        return Collections.unmodifiableList(result);
    }

    /** The first section whose name is exactly {@code name}. */
    public Optional<Section> findSection(String name) {
        return sections().stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** Every section whose name is exactly {@code name}, in file order. */
    public List<Section> findSections(String name) {
        return sections().stream().filter(s -> name.equals(s.name())).toList();
    }

    /**
     * Replaces the lines after the section's header up to its last significant line with {@code body}, each ended
     * with the file's dominant line ending. The header line and the section's position stay as they are; if the
     * section ended the file without a final newline, so does the new body.
     */
    public void replaceBody(Section section, List<String> body) {
        checkCurrent(section);
        checkBodyLines(body);
        String eol = lineEnding();
        int from = section.headerIndex + 1;
        int to = section.endIndex; // inclusive
        boolean endedWithoutNewline = lines.get(to).eol.isEmpty();
        lines.subList(from, to + 1).clear();
        List<Line> added = new ArrayList<>();
        for (String text : body) {
            added.add(new Line(text, eol));
        }
        if (endedWithoutNewline) {
            if (added.isEmpty()) {
                lines.set(section.headerIndex, lines.get(section.headerIndex).withEol(""));
            } else {
                lines.set(section.headerIndex, lines.get(section.headerIndex).withEol(eol));
                added.set(added.size() - 1, added.get(added.size() - 1).withEol(""));
            }
        }
        lines.addAll(from, added);
        version++;
    }

    /**
     * Appends {@code [name]} and its body at the end of the file. The previous last line gets a line ending if it had
     * none, and one blank line separates the new section from existing content (none is added if the file already
     * ends with a blank line, or is empty). New lines use the file's dominant line ending.
     */
    public void appendSection(String name, List<String> body) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("[") || name.contains("]") || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("Section name cannot be written as an INI header");
        }
        checkBodyLines(body);
        String eol = lineEnding();
        if (!lines.isEmpty()) {
            int last = lines.size() - 1;
            if (lines.get(last).eol.isEmpty()) {
                lines.set(last, lines.get(last).withEol(eol));
            }
            if (!lines.get(last).text.isBlank()) {
                lines.add(new Line("", eol));
            }
        }
        lines.add(new Line("[" + name + "]", eol));
        for (String text : body) {
            lines.add(new Line(text, eol));
        }
        version++;
    }

    /**
     * Removes the section's header and body lines. Comments and blank lines after its last significant line are not
     * part of it and stay. To keep the usual single blank line between sections, one blank line directly before the
     * removed section is dropped when a blank line or the end of the file follows (that is the separator
     * {@link #appendSection} adds, so append-then-remove gives back the original text); at the very start of the file
     * a blank line that follows is dropped instead. If the section ended the file without a final newline, the new
     * last line loses its line ending too.
     */
    public void removeSection(Section section) {
        checkCurrent(section);
        int from = section.headerIndex;
        int to = section.endIndex;
        boolean endedWithoutNewline = lines.get(to).eol.isEmpty();
        lines.subList(from, to + 1).clear();
        boolean atEnd = from >= lines.size();
        boolean blankFollows = !atEnd && lines.get(from).text.isBlank();
        if (from > 0 && lines.get(from - 1).text.isBlank() && (atEnd || blankFollows)) {
            lines.remove(from - 1);
        } else if (from == 0 && blankFollows) {
            lines.remove(0);
        }
        if (endedWithoutNewline && atEnd && !lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, lines.get(last).withEol(""));
        }
        version++;
    }

    private void checkCurrent(Section section) {
        if (section.owner != this || section.version != version) {
            throw new IllegalStateException("Section handle is stale: the document changed since it was obtained");
        }
    }

    private static void checkBodyLines(List<String> body) {
        for (String text : body) {
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("A body line must not contain a line break");
            }
        }
    }

    private static String headerName(String stripped) {
        int close = stripped.indexOf(']');
        return close < 0 ? null : stripped.substring(1, close).strip();
    }

    /** A trailing # or ; starts a comment only after whitespace, so URLs with fragments survive (AWS parser rule). */
    private static String propertyValue(String raw) {
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c == '#' || c == ';') && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw.strip();
    }

    private record Line(String text, String eol) {
        Line withEol(String newEol) {
            return new Line(text, newEol);
        }
    }

    /**
     * A section as found by {@link #sections()}: its name, its header line and its top-level properties. Valid until
     * the document is next edited.
     */
    public static final class Section {
        private final String name;
        private final int headerIndex;
        private final int endIndex;
        private final Map<String, String> properties;
        private final int version;
        private final IniDocument owner;

        private Section(String name, int headerIndex, int endIndex, Map<String, String> properties, int version,
                        IniDocument owner) {
            this.name = name;
            this.headerIndex = headerIndex;
            this.endIndex = endIndex;
            this.properties = Collections.unmodifiableMap(properties);
            this.version = version;
            this.owner = owner;
        }

        /** The header's name, trimmed ({@code "profile dev"} for {@code [ profile dev ] # x}); null if malformed. */
        public String name() {
            return name;
        }

        /** The header line exactly as in the file (only while the handle is current). */
        public String headerLine() {
            owner.checkCurrent(this);
            return owner.lines.get(headerIndex).text;
        }

        /**
         * Top-level properties (not continuation or sub-property lines), keys and values trimmed, inline comments
         * removed; for a duplicated key the last value wins, as in the AWS parsers.
         */
        public Map<String, String> properties() {
            return properties;
        }

        /** The value of a top-level property. */
        public Optional<String> property(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        /** The body lines (after the header, up to the last significant line), without line endings (only while the handle is current). */
        public List<String> bodyLines() {
            owner.checkCurrent(this);
            return owner.lines.subList(headerIndex + 1, endIndex + 1).stream().map(Line::text).toList();
        }

        @Override
        public String toString() {
            return "Section[" + name + "]";
        }
    }
}
