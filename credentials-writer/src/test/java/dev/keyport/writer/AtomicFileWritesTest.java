package dev.keyport.writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A temp file holds every byte it was given, in as many write slices as that takes, readable by the owner alone. */
class AtomicFileWritesTest {
    @TempDir
    Path dir;

    @Test
    void aBigFileIsWrittenWholeInSlices() throws Exception {
        Path target = dir.resolve("credentials");
        for (int size : new int[]{0, 65_536, 65_537, 2_000_001}) {
            byte[] content = new byte[size];
            new Random(size).nextBytes(content);
            Path temp = AtomicFileWrites.writeTemp(target, content, target);
            assertArrayEquals(content, Files.readAllBytes(temp), "size " + size);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)));
            Files.delete(temp);
        }
    }
}
