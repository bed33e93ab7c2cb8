package dev.keyport.writer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IniDocumentTest {

    /** Everything a hand-edited file may contain, including things the parser does not understand. */
    static final String NASTY = "\uFEFF# top comment\r\n"
            + "; semicolon comment\n"
            + "\n"
            + "[default]\r\n"
            + "aws_access_key_id=AKIADEFAULT ; inline comment\r\n"
            + "region   =   eu-west-1 # inline hash\n"
            + "[ profile x ]  # comment after header\n"
            + "url = https://example.com/#fragment\n"
            + "s3 =\n"
            + "  max_concurrent_requests = 10\n"
            + "\tmax_queue_size = 1000\n"
            + "multi = first\n"
            + "  continued\n"
            + "  [not a header, a continuation]\n"
            + "\r\n"
            + "[default]\n"
            + "duplicate = yes\n"
            + "   \n"
            + "[profile ünïcødé]\n"
            + "name = Zoë 日本語\n"
            + "[unterminated\n"
            + "key=value\n"
            + "garbage line without equals\n"
            + "\t\n"
            + "# last comment, no final newline";

    @Test
    void roundTripIsByteIdentical() {
        byte[] original = NASTY.getBytes(StandardCharsets.UTF_8);
        String rendered = IniDocument.parse(new String(original, StandardCharsets.UTF_8)).render();
        assertArrayEquals(original, rendered.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripOfEdgeCases() {
        for (String text : List.of("", "\n", "\r\n", "\uFEFF", "x", "[a]", "[a]\r", "\r\n\r\n", "a\rb\n")) {
            assertEquals(text, IniDocument.parse(text).render(), () -> "round trip of " + Arrays.toString(
                    text.chars().toArray()));
        }
    }

    @Test
    void sectionsAreRecognisedWithTheirNamesAndProperties() {
        List<IniDocument.Section> sections = IniDocument.parse(NASTY).sections();
        assertEquals(Arrays.asList("default", "profile x", "default", "profile ünïcødé", null),
                sections.stream().map(IniDocument.Section::name).toList());
        IniDocument.Section first = sections.get(0);
        assertEquals("AKIADEFAULT", first.property("aws_access_key_id").orElseThrow());
        assertEquals("eu-west-1", first.property("region").orElseThrow());
        IniDocument.Section x = sections.get(1);
        assertEquals("[ profile x ]  # comment after header", x.headerLine());
        assertEquals("https://example.com/#fragment", x.property("url").orElseThrow());
        assertEquals("", x.property("s3").orElseThrow());
        // Indented sub-properties are not top-level keys.
        assertTrue(x.property("max_concurrent_requests").isEmpty());
        // The blank CRLF line after the continuation is not part of the section.
        assertEquals("  [not a header, a continuation]", x.bodyLines().get(x.bodyLines().size() - 1));
        assertEquals("Zoë 日本語", sections.get(3).property("name").orElseThrow());
        assertEquals(2, IniDocument.parse(NASTY).findSections("default").size());
    }

    @Test
    void replacingABodyChangesOnlyThatSection() {
        String before = "# header comment\n"
                + "[a]\n"
                + "k = 1\n"
                + "\n"
                + "[mine]\n"
                + "old = 1\n"
                + "  sub = 2\n"
                + "# about b\n"
                + "[b]\r\n"
                + "k = 3\n";
        IniDocument doc = IniDocument.parse(before);
        doc.replaceBody(doc.findSection("mine").orElseThrow(), List.of("new = 1", "other = 2", "third = 3"));
        assertEquals("# header comment\n"
                + "[a]\n"
                + "k = 1\n"
                + "\n"
                + "[mine]\n"
                + "new = 1\n"
                + "other = 2\n"
                + "third = 3\n"
                + "# about b\n"
                + "[b]\r\n"
                + "k = 3\n", doc.render());
    }

    @Test
    void replacingTheLastSectionKeepsAMissingFinalNewline() {
        IniDocument doc = IniDocument.parse("[a]\r\nk = 1\r\n[mine]\r\nold = 1");
        doc.replaceBody(doc.findSection("mine").orElseThrow(), List.of("n = 1", "m = 2"));
        assertEquals("[a]\r\nk = 1\r\n[mine]\r\nn = 1\r\nm = 2", doc.render());

        IniDocument headerOnly = IniDocument.parse("[a]\nk = 1\n[mine]");
        headerOnly.replaceBody(headerOnly.findSection("mine").orElseThrow(), List.of("n = 1"));
        assertEquals("[a]\nk = 1\n[mine]\nn = 1", headerOnly.render());
    }

    @Test
    void removalKeepsTheNextSectionsCommentsAndTidiesBlankLines() {
        IniDocument doc = IniDocument.parse("[a]\nk = 1\n\n[mine]\nk = 2\n# about b\n[b]\nk = 3\n");
        doc.removeSection(doc.findSection("mine").orElseThrow());
        assertEquals("[a]\nk = 1\n\n# about b\n[b]\nk = 3\n", doc.render());

        IniDocument middle = IniDocument.parse("[a]\nk = 1\n\n[mine]\nk = 2\n\n[b]\nk = 3\n");
        middle.removeSection(middle.findSection("mine").orElseThrow());
        assertEquals("[a]\nk = 1\n\n[b]\nk = 3\n", middle.render());

        IniDocument first = IniDocument.parse("[mine]\nk = 2\n\n[b]\nk = 3\n");
        first.removeSection(first.findSection("mine").orElseThrow());
        assertEquals("[b]\nk = 3\n", first.render());

        IniDocument last = IniDocument.parse("[a]\nk = 1\n\n[mine]\nk = 2\n# trailing comment\n");
        last.removeSection(last.findSection("mine").orElseThrow());
        assertEquals("[a]\nk = 1\n\n# trailing comment\n", last.render());
    }

    @Test
    void appendToEmptyAndToAFileWithoutFinalNewline() {
        IniDocument empty = IniDocument.parse("");
        empty.appendSection("x", List.of("k = v"));
        assertEquals("[x]\nk = v\n", empty.render());

        IniDocument noNewline = IniDocument.parse("[a]\nk = 1");
        noNewline.appendSection("x", List.of("k = v"));
        assertEquals("[a]\nk = 1\n\n[x]\nk = v\n", noNewline.render());

        IniDocument endsBlank = IniDocument.parse("[a]\nk = 1\n\n");
        endsBlank.appendSection("x", List.of("k = v"));
        assertEquals("[a]\nk = 1\n\n[x]\nk = v\n", endsBlank.render());

        IniDocument crlf = IniDocument.parse("\uFEFF[a]\r\nk = 1\r\nj = 2\n");
        crlf.appendSection("x", List.of("k = v"));
        assertEquals("\uFEFF[a]\r\nk = 1\r\nj = 2\n\r\n[x]\r\nk = v\r\n", crlf.render());
    }

    @Test
    void appendThenRemoveGivesBackTheOriginal() {
        String original = "# c\n[a]\nk = 1\n  sub = 2\n; end\n";
        IniDocument doc = IniDocument.parse(original);
        doc.appendSection("x", List.of("k = v"));
        doc.appendSection("y", List.of("k = w"));
        doc.removeSection(doc.findSection("x").orElseThrow());
        doc.removeSection(doc.findSection("y").orElseThrow());
        assertEquals(original, doc.render());
    }

    @Test
    void staleHandlesAndUnwritableNamesAreRejected() {
        IniDocument doc = IniDocument.parse("[a]\nk = 1\n");
        IniDocument.Section a = doc.findSection("a").orElseThrow();
        doc.appendSection("b", List.of());
        assertThrows(IllegalStateException.class, () -> doc.removeSection(a));
        assertThrows(IllegalArgumentException.class, () -> doc.appendSection("x]\n[y", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> doc.replaceBody(doc.findSection("a").orElseThrow(), List.of("k = 1\n[evil]")));
    }

    @Test
    void sectionsWhereFindsWhatFilteringAllSectionsFinds() {
        String text = "key = before any section\n[a]\nx = 1\n  [not a header] = continuation\n[b]\n; c\n"
                + "[ a ] # again\ny = 2 ; comment\n\n[\n[c]\nz=3";
        IniDocument doc = IniDocument.parse(text);
        for (String name : new String[] {"a", "b", "c", "missing"}) {
            List<String> expected = doc.sections().stream().filter(s -> name.equals(s.name()))
                    .map(s -> s.name() + s.properties() + s.bodyLines()).toList();
            IniDocument fresh = IniDocument.parse(text); // no cached full scan to answer from
            assertEquals(expected, fresh.sectionsWhere(name::equals).stream()
                    .map(s -> s.name() + s.properties() + s.bodyLines()).toList(), name);
        }
        assertEquals(2, IniDocument.parse(text).sectionsWhere("a"::equals).size());
    }
}
