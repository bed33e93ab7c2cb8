package dev.keyport.daemon;

import dev.keyport.api.home.Ownership;
import dev.keyport.testkit.IntegrationTest;
import dev.keyport.spi.KeyportException;
import dev.keyport.testing.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyport's home is trusted only when no other user could have written to it or to a folder above it. */
@IntegrationTest
class OwnershipTest {
    @TempDir
    Path tmp;

    /** PosixFilePermissions has no sticky bit. */
    private static void chmod(Path path, String octal) throws Exception {
        assertEquals(0, new ProcessBuilder("chmod", octal, path.toString()).start().waitFor());
    }

    @Test
    void aPrivateFolderUnderStickyTmpIsTrusted() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.empty(), Ownership.untrustedFolder(home, "Keyport's home"));
        new KeyportHome(home.toString()).checkPrivate();
    }

    @Test
    void aHomeOthersCanWriteIsRefusedWithTheFix() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        for (String mode : new String[]{"770", "707", "1777"}) {
            chmod(home, mode);
            KeyportException refused = assertThrows(KeyportException.class,
                    () -> new KeyportHome(home.toString()).checkPrivate(), mode);
            assertTrue(refused.getMessage().contains("writable by other users"), refused.getMessage());
            assertTrue(refused.getMessage().contains("chmod go-w '" + home.toRealPath() + "'"), refused.getMessage());
        }
    }

    @Test
    void aFolderAboveTheHomeThatOthersCanWriteIsRefused() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Path home = Files.createDirectory(shared.resolve("home"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        // Others could rename home away and put their own in its place.
        String problem = Ownership.untrustedFolder(home, "Keyport's home").orElseThrow();
        assertTrue(problem.contains("lies in " + shared.toRealPath()), problem);
        // With the sticky bit (as on /tmp) they cannot rename what is not theirs.
        chmod(shared, "1777");
        assertEquals(Optional.empty(), Ownership.untrustedFolder(home, "Keyport's home"));
    }

    @Test
    void aHomeAnotherUserOwnsIsRefused() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        OtherUser.give(home);
        String problem = Ownership.untrustedFolder(home, "Keyport's home").orElseThrow();
        assertTrue(problem.contains("belongs to another user (uid " + OtherUser.UID + ")"), problem);
        assertTrue(problem.contains("chown " + Ownership.currentUserName()), problem);
    }

    @Test
    void aSymlinkedHomeIsJudgedByWhatItPointsTo() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertEquals(Optional.empty(), Ownership.untrustedFolder(link, "Keyport's home"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(Ownership.untrustedFolder(link, "Keyport's home").isPresent());
    }

    @Test
    void aSymbolicLinkAnotherUserOwnsIsNeverTrustedEvenToAPrivateTarget() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/home"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        // Their link in a folder of theirs (the reported bypass): refused for the folder, before the link.
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        Path viaTheirFolder = Files.createSymbolicLink(theirs.resolve("home"), real);
        OtherUser.give(theirs);
        OtherUser.give(viaTheirFolder);
        String problem = Ownership.untrustedFolder(viaTheirFolder, "Keyport's home").orElseThrow();
        assertTrue(problem.contains("belongs to another user"), problem);
        // Their link in a folder of ours: they could re-point it at any time.
        Path link = Files.createSymbolicLink(tmp.resolve("home-link"), real);
        OtherUser.give(link);
        problem = Ownership.untrustedFolder(link, "Keyport's home").orElseThrow();
        assertTrue(problem.contains("goes through the symbolic link " + link), problem);
        // A link deeper in the path counts as much as the last one.
        Path deep = Files.createSymbolicLink(tmp.resolve("deep"), real.getParent());
        OtherUser.give(deep);
        assertTrue(Ownership.untrustedFolder(deep.resolve("home"), "Keyport's home").orElseThrow()
                .contains("symbolic link " + deep));
        // Our own link to the same folder is fine.
        Path ours = Files.createSymbolicLink(tmp.resolve("our-link"), real);
        assertEquals(Optional.empty(), Ownership.untrustedFolder(ours, "Keyport's home"));
    }
}
