package dev.keyport.api.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TerminalTextTest {

    @Test
    void escapeSequencesAndBidiOverridesFromAnIdpCannotReachTheTerminal() {
        assertEquals("?[2J?]0;pwned?Approve the push", TerminalText.printable(
                "\u001b[2J\u001b]0;pwned\u0007Approve the push"));
        assertEquals("SMS to ?+1 555", TerminalText.printable("SMS to \u202e+1 555"));
        assertEquals("line?next", TerminalText.printable("line\rnext"));
        assertEquals("a?b?c?d?e?f", TerminalText.printable("a\u2028b\u2029c\u200ed\u061ce\u009bf"));
        String plain = "Okta password for alice (ü, 日本)";
        assertSame(plain, TerminalText.printable(plain));
    }
}
