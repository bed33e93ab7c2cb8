package dev.keyport.writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer killed with SIGKILL between writing its temp files and renaming them leaves the AWS files whole and its
 * temp files behind; the next start removes exactly those (not another program's files) and keeps the lock private.
 */
class CrashDuringWriteTest {
    @TempDir
    Path dir;

    @Test
    void killNineMidWriteLeavesTheFilesWholeAndTheNextStartRemovesTheLitter() throws Exception {
        Path credentials = dir.resolve("credentials");
        Path config = dir.resolve("config");
        Files.writeString(credentials, "[mine]\nk = v\n");
        Files.writeString(config, "[default]\nregion = us-east-1\n");
        Path foreign = Files.writeString(dir.resolve(".credentials.backup.tmp"), "another program's file");

        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), credentials.toString(), config.toString())
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(writer.getInputStream())).readLine();
        assertEquals("temp files written", line);
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));

        assertEquals("[mine]\nk = v\n", Files.readString(credentials), "never half-written");
        assertEquals("[default]\nregion = us-east-1\n", Files.readString(config));
        List<String> litter = temps();
        assertEquals(2, litter.size(), "one temp file per file was left: " + litter);

        Path sidecar = dir.resolve(".credentials.keyport-lock");
        Files.setPosixFilePermissions(sidecar, PosixFilePermissions.fromString("rw-r--r--"));
        LockedFileUpdater updater = new LockedFileUpdater();
        assertEquals(1, updater.removeStrayTempFiles(credentials).size());
        assertEquals(1, updater.removeStrayTempFiles(config).size());
        assertEquals(List.of(), temps());
        assertTrue(Files.exists(foreign), "only Keyport's own naming pattern is removed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sidecar)));
        assertEquals("[mine]\nk = v\n", Files.readString(credentials));
        assertFalse(updater.removeStrayTempFiles(dir.resolve("missing/credentials")).iterator().hasNext());
    }

    private List<String> temps() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".keyport-tmp")).sorted()
                    .toList();
        }
    }
}
