package dev.keyport.e2e;

import dev.keyport.testing.DaemonProcess;
import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data archive of {@code ./keyport}: made by a program's first run, used by the next ones, named by the JDK
 * and the build so that an archive of another build is never offered, and never made or used in a folder others may
 * write to (an archive's classes run in the process that reads the API token). Each test runs a copy of the launcher
 * and the CLI's build in a folder of its own (the launcher finds the build next to itself), with the JDK running the
 * tests (a class-data archive on JDK 17 to 24, an AOT cache from 25 on). The CLI's archive is made by a training run
 * in the background; each run here waits for it to finish, on the file system's word that its lock folder is gone.
 */
@IntegrationTest
class LauncherArchiveIT {
    /** How -Xlog:class+load reports a class of Keyport's read from an archive rather than from its jar. */
    private static final String ARCHIVED_KEYPORT_CLASS = "dev.keyport.cli.KeyportMain source: shared objects file";

    @TempDir
    Path tree;
    Path launcher;
    Path cliDir;
    int major;

    @BeforeEach
    void copyTheBuild() throws IOException {
        major = Runtime.version().feature();
        Path root = DaemonProcess.launcher().getParent();
        launcher = tree.resolve("keyport");
        Files.copy(root.resolve("keyport"), launcher);
        // The launcher only checks that the daemon is built; the CLI is what runs here.
        Files.createDirectories(tree.resolve("app/target/quarkus-app"));
        Files.writeString(tree.resolve("app/target/quarkus-app/quarkus-run.jar"), "");
        cliDir = tree.resolve("cli/target/keyport-cli");
        Path built = root.resolve("cli/target/keyport-cli");
        try (Stream<Path> files = Files.walk(built)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().startsWith("keyport-cli-")).toList()) {
                Path to = cliDir.resolve(built.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.setPosixFilePermissions(cliDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exitCode, String output) {
        boolean usedTheArchive() {
            return output.contains(ARCHIVED_KEYPORT_CLASS);
        }
    }

    /** {@code ./keyport --help}, its class loading logged (classes from Keyport's archive say so). */
    private Run run() throws Exception {
        return run("022");
    }

    /** The same, under the given umask. */
    private Run run(String umask) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "umask " + umask + " && exec bash \"$0\" --help",
                launcher.toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("KEYPORT_HOME", tree.resolve("home").toString());
        builder.environment().put("KEYPORT_JAVA_OPTS", "-Xlog:class+load=info");
        builder.environment().remove("KEYPORT_CDS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "./keyport --help did not end");
        awaitNoTrainingRun();
        return new Run(process.exitValue(), output);
    }

    /** Waits until no training run holds its lock folder: woken by the folder's deletion, not by a timer. */
    private void awaitNoTrainingRun() throws Exception {
        try (WatchService watch = cliDir.getFileSystem().newWatchService()) {
            cliDir.register(watch, StandardWatchEventKinds.ENTRY_DELETE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (archives().stream().anyMatch(p -> p.getFileName().toString().endsWith(".lock"))) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "the background run making the archive did not finish in 2 minutes");
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(cliDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("keyport-cli-")).sorted().toList();
        }
    }

    @Test
    void theFirstRunMakesTheArchiveAndTheNextRunsUseIt() throws Exception {
        Run first = run();
        assertEquals(0, first.exitCode(), first.output());
        assertFalse(first.usedTheArchive(), "there was no archive yet: the first run goes without");
        List<Path> made = archives();
        assertEquals(1, made.size(), made.toString());
        assertTrue(made.get(0).getFileName().toString().matches("keyport-cli-" + major + "-[0-9]+\\."
                + (major >= 25 ? "aot" : "jsa")), made.toString());

        Run second = run();
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.usedTheArchive(), "the second run loads Keyport's classes from the archive");
        assertEquals(made, archives());
    }

    @Test
    void anArchiveOfAnotherBuildIsNeverOfferedAndIsReplaced() throws Exception {
        assertEquals(0, run().exitCode());
        Path old = archives().get(0);
        Path unknown = cliDir.resolve("keyport-cli-" + major + "-123.jsa");
        Files.writeString(unknown, "not an archive of this build");

        // A new build of the CLI: same files, a new time stamp.
        Path jar = cliDir.resolve("keyport-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run rebuilt = run();
        assertEquals(0, rebuilt.exitCode(), rebuilt.output());
        assertFalse(rebuilt.usedTheArchive(), "the earlier build's archive was not offered");
        List<Path> now = archives();
        assertEquals(1, now.size(), "the earlier archives are removed: " + now);
        assertNotEquals(old, now.get(0));
        assertTrue(run().usedTheArchive(), "the new build's archive is used from then on");

        // A new build of a library of Keyport's own (the API model) alone: its classes are in the archive too.
        Path model;
        try (Stream<Path> libs = Files.list(cliDir.resolve("lib"))) {
            model = libs.filter(p -> p.getFileName().toString().startsWith("keyport-api-model")).findFirst()
                    .orElseThrow();
        }
        Files.setLastModifiedTime(model, FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() + 60_000));
        Run modelRebuilt = run();
        assertFalse(modelRebuilt.usedTheArchive(), "the archive made with the earlier API model was not offered");
        assertEquals(1, archives().size(), archives().toString());
        assertNotEquals(now.get(0), archives().get(0));
        assertTrue(run().usedTheArchive());
    }

    /** Under a umask that lets everyone write, the archive is still made private to the user. */
    @Test
    void aLooseUmaskStillMakesAPrivateArchive() throws Exception {
        assertEquals(0, run("000").exitCode());
        List<Path> made = archives();
        assertEquals(1, made.size(), made.toString());
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(made.get(0)));
        assertTrue(mode.charAt(4) == '-' && mode.charAt(7) == '-', "no one else may write to it: " + mode);
        assertTrue(run("000").usedTheArchive());
    }

    /** An archive someone else could have written to is never used: it is removed and made again. */
    @Test
    void anArchiveOthersMayWriteToIsNeverUsed() throws Exception {
        assertEquals(0, run().exitCode());
        Path archive = archives().get(0);
        for (String mode : List.of("rw-rw-rw-", "r--rw-r--")) {
            Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString(mode));
            Run run = run();
            assertEquals(0, run.exitCode(), run.output());
            assertFalse(run.usedTheArchive(), mode + ": an archive others may write to is not used");
            assertEquals(List.of(archive), archives(), "it is made again");
            String made = PosixFilePermissions.toString(Files.getPosixFilePermissions(archive));
            assertTrue(made.charAt(4) == '-' && made.charAt(7) == '-', "no one else may write to it: " + made);
            assertTrue(run().usedTheArchive(), "the new one is used");
        }
    }

    /** Someone else could plant an archive in a folder they may write to: its classes would run as the user. */
    @Test
    void noArchiveIsMadeOrUsedInAFolderOthersMayWriteTo() throws Exception {
        assertEquals(0, run().exitCode());
        Path archive = archives().get(0);
        FileTime made = Files.getLastModifiedTime(archive);

        for (String mode : List.of("rwxrwxr-x", "rwxr-xrwx")) {
            Files.setPosixFilePermissions(cliDir, PosixFilePermissions.fromString(mode));
            Run run = run();
            assertEquals(0, run.exitCode(), run.output());
            assertFalse(run.usedTheArchive(), mode + ": the archive in the folder is not used");
            assertEquals(List.of(archive), archives(), mode + ": nothing is made or removed");
            assertEquals(made, Files.getLastModifiedTime(archive));
        }
    }
}
