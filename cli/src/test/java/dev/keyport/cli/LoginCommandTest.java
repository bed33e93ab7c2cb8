package dev.keyport.cli;

import dev.keyport.api.model.SessionSuggestion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code keyport login}: the person's pick, as typed at the prompt. */
class LoginCommandTest {
    private static SessionSuggestion role(String name) {
        return new SessionSuggestion(name, name, "eu-west-1", "https://idp.example.com/saml",
                "arn:aws:iam::123456789012:saml-provider/P", "arn:aws:iam::123456789012:role/" + name, null);
    }

    private final List<SessionSuggestion> offered = List.of(role("a"), role("b"), role("c"));

    @Test
    void numbersOrAllPickRoles() {
        assertEquals(List.of(offered.get(0), offered.get(2)), LoginCommand.pick(" 1, 3 ,1", offered));
        assertEquals(offered, LoginCommand.pick("ALL", offered));
    }

    @Test
    void anythingElseIsRefusedAndNothingIsCreated() {
        assertEquals("'4' is not one of the numbers 1 to 3. Nothing was created.",
                assertThrows(CliException.class, () -> LoginCommand.pick("1,4", offered)).getMessage());
        assertEquals("'b' is not one of the numbers 1 to 3. Nothing was created.",
                assertThrows(CliException.class, () -> LoginCommand.pick("b", offered)).getMessage());
        assertEquals("No role was picked. Nothing was created.",
                assertThrows(CliException.class, () -> LoginCommand.pick(" ", offered)).getMessage());
    }

    @Test
    void aSamlUrlThatCannotBeOneIsRefusedBeforeAnySignIn() {
        assertEquals("idp.example.com", LoginCommand.checkedHost("https://idp.example.com/saml"));
        for (String bad : new String[]{"not a url", "https://", "http://[::1", "file:///etc/passwd", "javascript:x",
                ""}) {
            CliException e = assertThrows(CliException.class, () -> LoginCommand.checkedHost(bad), bad);
            assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
            assertEquals("SAML_URL must be the IdP's https:// URL where sign-in starts (the AWS app's link in the IdP),"
                    + " e.g. https://acme.okta.com/home/amazon_aws/0oa1/272.", e.getMessage());
        }
    }
}
