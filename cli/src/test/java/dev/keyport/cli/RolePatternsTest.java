package dev.keyport.cli;

import dev.keyport.api.model.SessionSuggestion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.keyport.cli.AssertionCommand.RolePatterns.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code assertion discover --role PATTERN}: '*' wildcards over the role's name or ARN. */
class RolePatternsTest {

    @Test
    void starsMatchAnyTextAndCaseIsIgnored() {
        assertTrue(matches("Admin*", "AdminReadOnly"));
        assertTrue(matches("admin", "Admin"));
        assertTrue(matches("*:123456789012:*", "arn:aws:iam::123456789012:role/Admin"));
        assertTrue(matches("*", ""));
        assertTrue(matches("a*b*c", "aXXbYYc"));
        assertFalse(matches("Admin", "AdminReadOnly"), "no star: the whole name");
        assertFalse(matches("a*b*c", "aXXbYY"));
        assertFalse(matches("a.c", "abc"), "a dot is a dot, not a regular expression");
    }

    @Test
    void aCraftedRolePathCannotMakeTheMatchBacktrackForEver() {
        // A backtracking regular expression ('.*' per star) took minutes on this; the wildcard walk is linear-ish.
        String role = "arn:aws:iam::123456789012:role/" + "Admin".repeat(8000) + "/R";
        assertFalse(matches("*Admin*Admin*Admin*prod*", role));
        assertTrue(matches("*Admin*Admin*/R", role));
    }

    @Test
    void aPatternThatMatchesNothingNamesWhatIsOffered() {
        SessionSuggestion admin = new SessionSuggestion("a", "a", "eu-west-1", null, "arn:aws:iam::1:saml-provider/P",
                "arn:aws:iam::123456789012:role/Admin", null);
        assertEquals(List.of(admin), AssertionCommand.RolePatterns.pick(List.of("adm*"), List.of(admin)));
        CliException e = assertThrows(CliException.class,
                () -> AssertionCommand.RolePatterns.pick(List.of("Dev*"), List.of(admin)));
        assertEquals("No role of the assertion matches --role 'Dev*'. It offers: arn:aws:iam::123456789012:role/Admin.",
                e.getMessage());
    }
}
