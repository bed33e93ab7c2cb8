package dev.keyport.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Did you mean ...?" for a mistyped command or option: the known words closest to what was typed, by edit distance
 * (a swap of two neighbouring letters counts as one edit). picocli's own suggestions match on shared prefixes and
 * letters, which offered {@code stop} and {@code start} for {@code lst}.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The candidates nearest {@code typed}, at most two edits away (one for words of up to four letters). */
    static List<String> closest(String typed, Collection<String> candidates) {
        int limit = typed.length() <= 4 ? 1 : 2;
        int best = limit + 1;
        List<String> nearest = new ArrayList<>();
        for (String candidate : candidates) {
            int d = distance(typed, candidate);
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best) {
                nearest.add(candidate);
            }
        }
        return nearest;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
