package dev.keyport.e2e;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.DaemonProcess;
import dev.keyport.testing.DaemonProcess.CliRun;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.SamlResponseFactory;
import dev.keyport.testkit.StsEmulator;
import dev.keyport.writer.CrashingWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a kill -9 leaves behind, and what Keyport makes of it: a {@code keyport exec} run killed mid-way takes its
 * credentials endpoint with it; a writer killed mid-write leaves the AWS files whole and its temp files behind, which
 * the next daemon start removes; a killed daemon's socket and temp files do not stop the next one.
 */
@IntegrationTest
class CrashAndKillIT {
    @TempDir
    Path tmp;
    private Path home;
    private Path aws;
    private StsEmulator sts;
    private SamlResponseFactory saml;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        aws = Files.createDirectories(tmp.resolve("aws"));
        Files.writeString(aws.resolve("credentials"), KeyportTestEnvironment.FOREIGN_CREDENTIALS);
        Files.writeString(aws.resolve("config"), KeyportTestEnvironment.FOREIGN_CONFIG);
        saml = new SamlResponseFactory();
        sts = new StsEmulator();
        sts.registerProvider(KeyportTestEnvironment.PROVIDER_ARN, saml.publicKey());
        cleanup.add(sts::close);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Map<String, String> env() {
        return DaemonProcess.environment(home, aws, Map.of("KEYPORT_STS_ENDPOINT", sts.endpoint().toString()));
    }

    private DaemonProcess daemon() throws Exception {
        DaemonProcess daemon = DaemonProcess.start(List.of(), env());
        cleanup.add(daemon);
        assertTrue(daemon.awaitReady(), daemon.log());
        return daemon;
    }

    private void activeSession(String alias) throws Exception {
        CliRun added = DaemonProcess.cli(List.of(), env(), "session", "add", "--alias", alias, "--profile", alias,
                "--region", "eu-west-1", "--saml-url", "https://accounts.google.com/o/saml2/initsso?idpid=C0&spid=1",
                "--idp-arn", KeyportTestEnvironment.PROVIDER_ARN, "--role-arn", KeyportTestEnvironment.ROLE_ARN);
        assertEquals(0, added.exitCode(), added.err());
        startAgain(alias);
    }

    private void startAgain(String alias) throws Exception {
        Path assertion = tmp.resolve(alias + ".b64");
        Files.writeString(assertion, saml.google().rolePair(KeyportTestEnvironment.ROLE_ARN,
                KeyportTestEnvironment.PROVIDER_ARN).build().base64());
        CliRun started = DaemonProcess.cli(List.of(), env(), "session", "start", alias, "--assertion-file",
                assertion.toString());
        assertEquals(0, started.exitCode(), started.err());
    }

    private static int status(HttpClient http, String uri, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * {@code keyport exec SESSION} of a program that prints its pid, endpoint URI and token, then sleeps: the run,
     * and what the program printed.
     */
    private record ExecRun(Process run, String[] seen) {
    }

    private ExecRun execSleeper(String session) throws Exception {
        ProcessBuilder exec = new ProcessBuilder("bash", DaemonProcess.launcher().toString(), "exec", session,
                "--", "sh", "-c", "echo \"$$ $AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN\";"
                + " exec sleep 600").redirectErrorStream(true);
        exec.environment().clear();
        exec.environment().putAll(env());
        Process run = exec.start();
        cleanup.add(() -> run.descendants().forEach(ProcessHandle::destroyForcibly));
        cleanup.add(run::destroyForcibly);
        String[] seen = new BufferedReader(new InputStreamReader(run.getInputStream())).readLine().split(" ");
        return new ExecRun(run, seen);
    }

    @Test
    void aKeyportExecRunKilledWithSigkillTakesItsEndpointWithIt() throws Exception {
        DaemonProcess daemon = daemon();
        activeSession("exec-killed");
        ExecRun exec = execSleeper("exec-killed");
        Process run = exec.run();
        String[] seen = exec.seen();
        long childPid = Long.parseLong(seen[0]);
        cleanup.add(() -> ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, status(http, seen[1], seen[2]), "the program gets credentials while the run lasts");

        // kill -9 the CLI (the launcher exec's the JVM, so this is the JVM itself); its program lives on.
        run.destroyForcibly();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertTrue(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false));
        // The endpoint went with the process that served it...
        assertThrows(java.net.ConnectException.class, () -> status(http, seen[1], seen[2]));
        // ...and the kernel closed the run's connection to the daemon, which ends the grant behind it.
        daemon.awaitLog("Container credentials endpoint closed for session exec-killed: the keyport exec run ended");
    }

    @Test
    void whenTheDaemonDiesAnExecProgramGetsErrorsNeverAnImpostorsKeys() throws Exception {
        DaemonProcess daemon = daemon();
        activeSession("exec-orphaned");
        String[] seen = execSleeper("exec-orphaned").seen();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, status(http, seen[1], seen[2]));

        // The daemon dies and another process takes its port.
        daemon.kill9();
        java.net.ServerSocket squatter = new java.net.ServerSocket(daemon.port(), 50,
                java.net.InetAddress.getLoopbackAddress());
        cleanup.add(squatter::close);
        squatter.setSoTimeout(1);
        // The program still asks its own endpoint, which the keyport exec process holds: an error, not keys.
        assertEquals(503, status(http, seen[1], seen[2]));
        assertThrows(java.net.SocketTimeoutException.class, squatter::accept, "nobody knocked at the squatter's port");
    }

    @Test
    void aWriterKilledMidWriteLeavesWholeFilesAndTheNextStartRemovesItsLitter() throws Exception {
        Path credentials = aws.resolve("credentials");
        Path config = aws.resolve("config");
        Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                credentials.toString(), config.toString()).redirectErrorStream(true).start();
        assertEquals("temp files written", new BufferedReader(new InputStreamReader(writer.getInputStream()))
                .readLine());
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(credentials));
        assertEquals(2, strays(aws).size(), strays(aws).toString());
        // A daemon killed while saving its sessions leaves its own temp file in the home.
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve(".sessions.json.tmp"), "{\"schemaVersion\": 1, \"sessi");
        Path notOurs = Files.writeString(aws.resolve("credentials.mine.tmp"), "the user's own");

        DaemonProcess daemon = daemon();
        assertEquals(List.of(), strays(aws));
        assertFalse(Files.exists(home.resolve(".sessions.json.tmp")));
        assertTrue(Files.exists(notOurs), "only Keyport's own naming pattern is removed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                aws.resolve(".credentials.keyport-lock"))));
        assertEquals(KeyportTestEnvironment.FOREIGN_CREDENTIALS, Files.readString(credentials));
        assertTrue(daemon.log().contains("left by a write that was cut short"), daemon.log());
    }

    @Test
    void aDaemonKilledWithSigkillDoesNotStopTheNextOne() throws Exception {
        DaemonProcess first = daemon();
        activeSession("survives");
        first.kill9();
        assertTrue(Files.exists(home.resolve("daemon.sock")), "a killed daemon leaves its socket");
        CliRun refused = DaemonProcess.cli(List.of(), env(), "session", "list");
        assertEquals(3, refused.exitCode());
        assertTrue(refused.err().contains("is not running"), refused.err());

        daemon();
        CliRun list = DaemonProcess.cli(List.of(), env(), "session", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("survives"), list.out());
    }

    private static List<String> strays(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".keyport-tmp")).sorted()
                    .toList();
        }
    }
}
