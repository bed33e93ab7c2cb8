package dev.keyport.writer;

import java.util.Optional;

/**
 * Whether the AWS CLI can read a shared credentials or config file: what it refuses (its parser is the laxest of the
 * AWS tools; the SDKs refuse all of this too), which Keyport's own editor ({@link IniDocument}) tolerates. Keyport writes
 * nothing into a file they would refuse: the tools would fail on it, with Keyport's profile in it or not, and the
 * user is better told which line to fix.
 */
final class AwsFileSyntax {
    private static final String BOM = "\uFEFF";

    private AwsFileSyntax() {
    }

    /** What the AWS tools would refuse in {@code text}, naming the line; empty when they read it. */
    static Optional<String> problem(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.startsWith(BOM)) {
            return Optional.of("it starts with a byte-order mark (an invisible character some Windows editors add),"
                    + " which the AWS tools read as part of line 1; save the file as UTF-8 without BOM");
        }
        // Lines end at \r\n, \n or \r. Walked by hand, not split with a pattern: the check runs on every write, and big
        // shared files (thousands of profiles) made the pattern the larger part of a start's cost.
        boolean inSection = false;
        int number = 0;
        for (int start = 0, end; start <= text.length(); start = nextLine(text, end)) {
            end = lineEnd(text, start);
            String line = text.substring(start, end);
            String stripped = line.strip();
            number++;
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && !(stripped.startsWith("[") && !inSection)) {
                // A continuation of the property above (nested settings such as "s3 =" use it); the AWS CLI also
                // reads one right under a [section], so that is not refused either. (An indented first header is
                // a header to the AWS CLI.)
                continue;
            }
            if (stripped.startsWith("[")) {
                if (!withoutComment(stripped).endsWith("]")) {
                    return Optional.of("line " + number + " starts a [section] but does not close it with ]");
                }
                inSection = true;
                continue;
            }
            // The AWS CLI also takes "key: value".
            int equals = firstOf(line, '=', ':');
            if (equals < 0) {
                return Optional.of("line " + number + " is neither a [section], a key = value, nor a comment");
            }
            if (isBlank(line, equals)) {
                return Optional.of("line " + number + " has a value but no key before its " + line.charAt(equals));
            }
            if (!inSection) {
                return Optional.of("line " + number + " sets a key before any [section]");
            }
        }
        return Optional.empty();
    }

    private static int lineEnd(String text, int start) {
        int end = start;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** Where the line after the one ending at {@code end} starts; past the text's length when there is none. */
    private static int nextLine(String text, int end) {
        if (end >= text.length()) {
            return text.length() + 1;
        }
        return text.startsWith("\r\n", end) ? end + 2 : end + 1;
    }

    private static boolean isBlank(String line, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int firstOf(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String withoutComment(String header) {
        int end = header.indexOf(']');
        return end < 0 ? header : header.substring(0, end + 1);
    }
}
