package dev.keyport.cli;

import dev.keyport.api.model.ProblemCode;
import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI as the build lays it out and the launcher runs it: {@code java -jar target/keyport-cli/keyport-cli.jar},
 * with the class path its manifest names. (Against a running daemon it is driven by the app's process tests.)
 */
@IntegrationTest
class CliJarIT {
    private static final Path DIR = Path.of(System.getProperty("keyport.cli.dir", "target/keyport-cli"));
    private static final Path JAR = DIR.resolve("keyport-cli.jar");

    @TempDir
    Path home;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KEYPORT_HOME", home.toString());
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keyport " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theManifestNamesItsClassPathAndEveryJarOfItIsInLib() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "the build lays out " + JAR);
        Set<String> named;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(KeyportMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            named = Arrays.stream(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(null, jarManifestEntry("Keyport-SPI-Version"), "the CLI is not a provider plugin");
        Set<String> present;
        try (Stream<Path> lib = Files.list(DIR.resolve("lib"))) {
            present = lib.map(p -> "lib/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        // (lib/ may also hold jars of an earlier build's versions: only what the manifest names is loaded.)
        assertTrue(present.containsAll(named), "missing from lib/: " + named.stream()
                .filter(n -> !present.contains(n)).toList());
        // The CLI's dependencies are picocli, Jackson and the API model: no framework, no server, no SDK.
        for (String jar : named) {
            assertTrue(jar.matches("lib/(picocli|jackson-[a-z0-9-]+|keyport-api-model)-[0-9].*\\.jar"), jar);
        }
    }

    private static String jarManifestEntry(String name) throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.getManifest().getMainAttributes().getValue(name);
        }
    }

    @Test
    void versionAndHelpRunFromTheJar() throws Exception {
        Run version = run("--version");
        assertEquals(0, version.exitCode(), version.err());
        assertEquals("keyport " + jarManifestEntry("Implementation-Version") + "\n", version.out());
        Run help = run("--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("credential-process"), help.out());
    }

    @Test
    void withoutADaemonEveryPathSaysHowToStartIt() throws Exception {
        Run list = run("session", "list");
        assertEquals(ProblemCode.ExitCode.NO_DAEMON, list.exitCode());
        assertEquals("keyport: The Keyport daemon is not running (no socket at " + home.resolve("daemon.sock")
                + "). Start it with: keyport daemon. " + DaemonSocket.WHICH_HOME + "\n", list.err());
        // The shortcut for credential_process (no picocli model) prints the same.
        Run process = run("credential-process", "dev");
        assertEquals(ProblemCode.ExitCode.NO_DAEMON, process.exitCode());
        assertEquals(list.err(), process.err());
        assertEquals("", process.out());
    }

    @Test
    void theDaemonIsNotInThisJar() throws Exception {
        Run daemon = run("daemon");
        assertEquals(ProblemCode.ExitCode.INVALID_INPUT, daemon.exitCode());
        assertTrue(daemon.err().contains("keyport daemon"), daemon.err());
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> foreign = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> !n.endsWith("/") && !n.startsWith("META-INF/") && !n.startsWith("dev/keyport/cli/"))
                    .toList();
            assertEquals(List.of(), foreign, "only the CLI's own classes in its jar");
        }
    }
}
