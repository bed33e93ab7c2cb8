package dev.keyport.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aliases name sessions whatever their case, in any script, and only the session they name. */
class SessionDefinitionTest {

    private static SessionDefinition named(String alias) {
        return new SessionDefinition(alias, "p", "eu-west-1", "https://acme.okta.com/home/amazon_aws/0oa1/272",
                "arn:aws:iam::123456789012:saml-provider/Okta", "arn:aws:iam::123456789012:role/Admin", "okta", 3600);
    }

    @Test
    void anAliasMatchesItselfInAnyCase() {
        assertTrue(named("Prod-Admin").hasAlias("prod-admin"));
        assertTrue(named("prod-admin").hasAlias("PROD-ADMIN"));
        assertTrue(named("Ärger-Prod").hasAlias("äRGER-prod"), "beyond ASCII too");
        assertTrue(named("ΣΊΣΥΦΟΣ").hasAlias("σίσυφος"));
    }

    @Test
    void anAliasMatchesNoOtherName() {
        assertFalse(named("prod-admin").hasAlias("prod-admin2"));
        assertFalse(named("prod-admin").hasAlias("prod_admin"));
        assertFalse(named("Ärger").hasAlias("arger"));
        assertFalse(named("prod").hasAlias(""));
    }
}
