package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyport writes into no AWS file the AWS tools would refuse, and says which line they would refuse. */
class AwsFileSyntaxTest extends ProfileFilesFixture {

    @Test
    void whatTheAwsToolsReadPasses() {
        for (String text : new String[]{"", "\n", FOREIGN_CREDENTIALS, FOREIGN_CONFIG,
                FOREIGN_CONFIG.replace("\n", "\r\n"), "# only a comment\n; another\n",
                "[profile a] ; a comment\nregion=eu-west-1\n\n[b]\nk = v ; inline\n",
                "[a]\n  nested = 1\n", "[a]\nregion: eu-west-1\n", "  [default]\nregion = x\n",
                "[a]\rk = v\r"}) {
            assertEquals(Optional.empty(), AwsFileSyntax.problem(text), text);
        }
    }

    @Test
    void whatTheyRefuseIsNamedByLine() {
        assertTrue(AwsFileSyntax.problem("\uFEFF[default]\nregion = us-east-1\n").orElseThrow()
                .contains("byte-order mark"));
        assertEquals(Optional.of("line 3 is neither a [section], a key = value, nor a comment"),
                AwsFileSyntax.problem("[default]\nregion = x\nthis is garbage\n"));
        assertEquals(Optional.of("line 1 sets a key before any [section]"),
                AwsFileSyntax.problem("region = x\n[default]\n"));
        assertEquals(Optional.of("line 2 starts a [section] but does not close it with ]"),
                AwsFileSyntax.problem("# c\r\n[default\r\n"));
        assertEquals(Optional.of("line 2 has a value but no key before its ="),
                AwsFileSyntax.problem("[a]\n= 1\n"));
        assertEquals(Optional.of("line 3 is neither a [section], a key = value, nor a comment"),
                AwsFileSyntax.problem("[a]\rk = v\rgarbage\r"), "old Mac line endings are lines too");
    }

    @Test
    void aStartIntoAFileTheToolsRefuseChangesNeitherFileAndSaysWhichLine() throws IOException {
        String broken = FOREIGN_CONFIG + "this line is garbage\n";
        seed(FOREIGN_CREDENTIALS, broken);
        byte[] credentialsBefore = Files.readAllBytes(credentials());
        KeyportException e = assertThrows(KeyportException.class,
                () -> writer().writeProfile("dev", SESSION_A, CREDS, "eu-west-1", false));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertEquals("The AWS config file " + config() + " cannot be read by the AWS tools (the AWS CLI refuses it"
                + " too): line 8 is neither a [section], a key = value, nor a comment. Fix it and start again; Keyport"
                + " changed neither file.", e.getMessage());
        assertArrayEquals(credentialsBefore, Files.readAllBytes(credentials()));
        assertEquals(broken, Files.readString(config()));
        assertFalse(e.getMessage().contains(SECRET));
    }
}
