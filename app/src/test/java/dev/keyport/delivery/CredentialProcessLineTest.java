package dev.keyport.delivery;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paths in a credential_process line are read back exactly by the AWS CLI (shlex) and by {@code sh -c} (the
 * SDKs), whatever they hold: nothing in them is expanded or run.
 */
class CredentialProcessLineTest {

    @Test
    void plainPathsStayAsTheyAre() {
        assertEquals("/home/ana/.keyport", CredentialProcessDelivery.quoted("/home/ana/.keyport"));
        assertEquals("/opt/keyport-0.2/keyport", CredentialProcessDelivery.quoted("/opt/keyport-0.2/keyport"));
    }

    @Test
    void anyOtherPathIsOneSingleQuotedWord() {
        assertEquals("'/home/my tools/keyport'", CredentialProcessDelivery.quoted("/home/my tools/keyport"));
        assertEquals("'/home/o'\\''brien/.keyport'", CredentialProcessDelivery.quoted("/home/o'brien/.keyport"));
        assertEquals("'/home/a`id`/$(id)/\"x\"/.keyport'",
                CredentialProcessDelivery.quoted("/home/a`id`/$(id)/\"x\"/.keyport"));
    }

    @Test
    void whatTheAwsFilesWouldCutAsACommentIsRefused() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> CredentialProcessDelivery.quoted("/home/x #1/.keyport"));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertTrue(e.getMessage().contains("' #'"), e.getMessage());
    }
}
