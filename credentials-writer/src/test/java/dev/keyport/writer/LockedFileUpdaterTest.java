package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LockedFileUpdaterTest {

    @TempDir
    Path dir;

    final LockedFileUpdater updater = new LockedFileUpdater();

    @Test
    void anotherToolsChangeBetweenReadAndRenameSurvives() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[a]\nk = 1\n");
        AtomicInteger calls = new AtomicInteger();
        updater.update(file, text -> {
            if (calls.incrementAndGet() == 1) {
                // Another tool, which does not take our lock, rewrites the file while we are working.
                write(file, text + "\n[other-tool]\nk = 2\n");
            }
            IniDocument doc = IniDocument.parse(text);
            doc.appendSection("ours", List.of("k = 3"));
            return doc.render();
        });
        assertEquals(2, calls.get());
        assertEquals("[a]\nk = 1\n\n[other-tool]\nk = 2\n\n[ours]\nk = 3\n", Files.readString(file));
    }

    @Test
    void profileWriterKeepsAConcurrentChangeToTheConfigFile() throws IOException {
        Path credentials = dir.resolve("credentials");
        Path config = dir.resolve("config");
        Files.writeString(credentials, "[work]\nk = v\n");
        Files.writeString(config, "[default]\nregion = us-east-1\n");
        String owner = "0b7c3e0e-5a4f-4a57-9a61-2f1d0c9e8b11";
        // On the first attempt the AWS CLI edits the config file after the writer read both files.
        LockedFileUpdater intruded = new LockedFileUpdater(Duration.ofSeconds(30), attempt -> {
            if (attempt == 1) {
                write(config, "[default]\nregion = us-east-1\noutput = json\n");
            }
        });
        new ProfileWriter(new AwsFileLocations(credentials, config), intruded)
                .writeProfile("x", owner, new AwsCredentials("A", "S", "T", Instant.EPOCH), "eu-west-1", false);
        assertEquals("[default]\nregion = us-east-1\noutput = json\n\n"
                + "[profile x]\nregion = eu-west-1\nx_keyport_managed = " + owner + "\n", Files.readString(config));
        assertEquals("[work]\nk = v\n\n[x]\naws_access_key_id = A\naws_secret_access_key = S\n"
                + "aws_session_token = T\nx_security_token_expires = 1970-01-01T00:00:00Z\n"
                + "x_keyport_managed = " + owner + "\n", Files.readString(credentials));
    }

    @Test
    void givesUpWhenTheFileKeepsChangingAndWritesNothing() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "start\n");
        AtomicInteger calls = new AtomicInteger();
        KeyportException e = assertThrows(KeyportException.class, () -> updater.update(file, text -> {
            write(file, "external " + calls.incrementAndGet() + "\n");
            return text + "ours\n";
        }));
        assertEquals(ErrorCategory.UNAVAILABLE, e.category());
        assertEquals(LockedFileUpdater.MAX_ATTEMPTS, calls.get());
        assertEquals("external " + LockedFileUpdater.MAX_ATTEMPTS + "\n", Files.readString(file));
        assertEquals(List.of("credentials"), namesIn(dir).stream().filter(n -> !n.startsWith(".")).toList());
    }

    @Test
    void aThrowingTransformChangesNothingAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("credentials");
        byte[] original = "[a]\r\nk = 1".getBytes();
        Files.write(file, original);
        assertThrows(IllegalStateException.class, () -> updater.update(file, text -> {
            throw new IllegalStateException("refused");
        }));
        assertArrayEquals(original, Files.readAllBytes(file));
        assertTrue(namesIn(dir).stream().noneMatch(n -> n.endsWith(".keyport-tmp")), namesIn(dir).toString());
    }

    @Test
    void successfulUpdateLeavesOnlyTheFileAndItsLock() throws IOException {
        Path file = dir.resolve("credentials");
        updater.update(file, text -> text + "[a]\n");
        assertEquals(List.of(".credentials.keyport-lock", "credentials"), namesIn(dir));
        assertEquals("[a]\n", Files.readString(file));
    }

    @Test
    void unchangedTextDoesNotCreateAnything() {
        Path file = dir.resolve("sub/credentials");
        updater.update(file, text -> text);
        assertFalse(Files.exists(dir.resolve("sub")));
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("credentials");
        byte[] latin1 = {'[', 'a', ']', '\n', 'k', '=', (byte) 0xE9, '\n'};
        Files.write(file, latin1);
        KeyportException e = assertThrows(KeyportException.class, () -> updater.update(file, t -> t + "x"));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertArrayEquals(latin1, Files.readAllBytes(file));
    }

    @Test
    void backupCopiesTheCurrentContentWithOwnerOnlyMode() throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "[default]\nregion = x\n");
        Path first = LockedFileUpdater.backup(file).orElseThrow();
        Path second = LockedFileUpdater.backup(file).orElseThrow();
        assertFalse(first.equals(second), "two backups must not overwrite each other");
        assertTrue(first.getFileName().toString().startsWith("config.keyport-backup-"), first.toString());
        assertEquals("[default]\nregion = x\n", Files.readString(first));
        assertEquals("[default]\nregion = x\n", Files.readString(second));
        assertTrue(LockedFileUpdater.backup(dir.resolve("missing")).isEmpty());
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
    }

    @Test
    void symlinkLoopIsReported() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        KeyportException e = assertThrows(KeyportException.class, () -> updater.update(a, t -> t + "x"));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
    }

    @Test
    void danglingSymlinkCreatesItsTarget() throws IOException {
        Path link = dir.resolve("credentials");
        Files.createSymbolicLink(link, dir.resolve("elsewhere/creds"));
        updater.update(link, t -> "[a]\n");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[a]\n", Files.readString(dir.resolve("elsewhere/creds")));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
