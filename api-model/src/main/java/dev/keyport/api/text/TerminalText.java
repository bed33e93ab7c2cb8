package dev.keyport.api.text;

/**
 * Text made safe to print on a terminal or write to a log line. Messages can quote what an IdP said (an error text, a
 * device's name, a phone number), and an IdP answer could hold escape sequences that would move the cursor, rewrite
 * what is shown, set the window title, or forge a log line: control characters and bidirectional overrides become
 * '?'. The daemon cleans an IdP's answers with it; the CLI cleans what it prints of the daemon's.
 */
public final class TerminalText {
    private TerminalText() {
    }

    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // C0, DEL, C1; the bidi marks, embeddings, overrides and isolates; the line and paragraph separators.
            boolean unsafe = Character.isISOControl(c) || c == '\u061c' || c == '\u200e' || c == '\u200f'
                    || (c >= '\u2028' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (unsafe && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(unsafe ? '?' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
