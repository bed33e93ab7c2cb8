package dev.keyport.writer;

import java.util.Optional;

/**
 * Whether the AWS tools can read a shared credentials or config file: what both the AWS SDKs' profile parser and the
 * AWS CLI refuse, which Keyport's own editor ({@link IniDocument}) tolerates. Keyport writes
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
        String[] lines = text.split("\n", -1);
        boolean inSection = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String stripped = line.strip();
            int number = i + 1;
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                // A continuation of the property above (nested settings such as "s3 =" use it); the AWS CLI also
                // reads one right under a [section], so that is not refused either.
                continue;
            }
            if (stripped.startsWith("[")) {
                if (!withoutComment(stripped).endsWith("]")) {
                    return Optional.of("line " + number + " starts a [section] but does not close it with ]");
                }
                inSection = true;
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                return Optional.of("line " + number + " is neither a [section], a key = value, nor a comment");
            }
            if (line.substring(0, equals).isBlank()) {
                return Optional.of("line " + number + " has a value but no key before its =");
            }
            if (!inSection) {
                return Optional.of("line " + number + " sets a key before any [section]");
            }
        }
        return Optional.empty();
    }

    private static String withoutComment(String header) {
        int end = header.indexOf(']');
        return end < 0 ? header : header.substring(0, end + 1);
    }
}
