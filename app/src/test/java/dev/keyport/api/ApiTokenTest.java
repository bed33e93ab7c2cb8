package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.testing.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon keeps a token only if it is what Keyport writes and nobody else could have read it. */
@IntegrationTest
class ApiTokenTest {
    private static final String KNOWN = "k".repeat(43);

    @TempDir
    Path home;

    private String tokenAfterStart() throws Exception {
        ApiToken token = new ApiToken(new KeyportHome(home.toString()));
        assertFalse(token.matches("not the token"), "loads (or replaces) the token");
        assertTrue(token.matches(current()), "the daemon uses what the file now holds");
        return current();
    }

    private String current() throws Exception {
        return Files.readString(home.resolve(ApiToken.FILE_NAME)).strip();
    }

    private void writeToken(String content, String mode) throws Exception {
        Path file = home.resolve(ApiToken.FILE_NAME);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aPrivateTokenAsKeyportWritesItIsKept() throws Exception {
        writeToken(KNOWN + "\n", "rw-------");
        assertEquals(KNOWN, tokenAfterStart());
    }

    @Test
    void aTokenOthersCouldReadIsReplacedNotJustTightened() throws Exception {
        writeToken(KNOWN + "\n", "rw-r--r--");
        String now = tokenAfterStart();
        assertNotEquals(KNOWN, now, "the old token may be known: it is not accepted any more");
        assertFalse(new ApiToken(new KeyportHome(home.toString())).matches(KNOWN));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(ApiToken.FILE_NAME))));
    }

    @Test
    void aTokenKeyportDidNotWriteIsReplaced() throws Exception {
        for (String content : new String[]{"short", KNOWN + "x", KNOWN + " \n", "k".repeat(42) + "!\n", ""}) {
            writeToken(content, "rw-------");
            assertEquals(43, tokenAfterStart().length(), content);
            assertNotEquals(content.strip(), current());
        }
    }

    @Test
    void aSymlinkIsNeverFollowedAndIsReplacedByAFile() throws Exception {
        Path elsewhere = Files.createTempFile("attacker-token", "");
        Files.writeString(elsewhere, KNOWN + "\n");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(home.resolve(ApiToken.FILE_NAME), elsewhere);

        String now = tokenAfterStart();
        assertNotEquals(KNOWN, now);
        assertFalse(Files.isSymbolicLink(home.resolve(ApiToken.FILE_NAME)));
        assertTrue(Files.isRegularFile(home.resolve(ApiToken.FILE_NAME), LinkOption.NOFOLLOW_LINKS));
        assertEquals(KNOWN + "\n", Files.readString(elsewhere), "nothing was written through the link");
        Files.delete(elsewhere);
    }

    @Test
    void aTokenFileAnotherUserOwnsIsReplaced() throws Exception {
        writeToken(KNOWN + "\n", "rw-------");
        OtherUser.give(home.resolve(ApiToken.FILE_NAME));
        assertNotEquals(KNOWN, tokenAfterStart());
    }

    @Test
    void aFifoAtTheNameDoesNotHangTheDaemon() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", home.resolve(ApiToken.FILE_NAME).toString()).start();
        assertEquals(0, mkfifo.waitFor());
        assertEquals(43, tokenAfterStart().length());
    }
}
