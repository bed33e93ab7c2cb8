package dev.keyport.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Files the daemon keeps for itself (sessions.json, daemon.json) are replaced whole, private from the first byte. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileOfManyWriteSlicesIsWrittenWholeAndPrivate() throws Exception {
        Path file = dir.resolve("sessions.json");
        Files.writeString(file, "the earlier content");
        for (int size : new int[]{0, 1, 65_535, 65_536, 65_537, 1_000_003}) {
            byte[] content = new byte[size];
            new Random(size).nextBytes(content);
            PrivateFiles.writeAtomically(file, content);
            assertArrayEquals(content, Files.readAllBytes(file), "size " + size);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temp file is left");
        }
    }
}
