package dev.keyport.e2e;

import dev.keyport.api.home.Ownership;
import dev.keyport.daemon.DaemonLaunch;
import dev.keyport.testing.DaemonProcess;
import dev.keyport.testing.DaemonProcess.CliRun;
import dev.keyport.testing.ImpostorDaemon;
import dev.keyport.testing.OtherUser;
import dev.keyport.testing.PortSquatter;
import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel between the CLI and the daemon, attacked from outside: a process that grabs the port while the daemon
 * is down, a socket planted by another user, another user's processes, a second user's daemon on the same machine.
 * Everything runs as separate processes: the packaged daemon, the CLI, and the other user's programs.
 */
@IntegrationTest
class DaemonChannelIT {
    @TempDir
    Path tmp;
    private Path home;
    private Path aws;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void layout() throws IOException {
        home = tmp.resolve("home");
        aws = Files.createDirectories(tmp.resolve("aws"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private Map<String, String> env() {
        return DaemonProcess.environment(home, aws, Map.of());
    }

    private DaemonProcess daemon() throws Exception {
        DaemonProcess daemon = DaemonProcess.start(List.of(), env());
        cleanup.add(daemon);
        assertTrue(daemon.awaitReady(), daemon.log());
        return daemon;
    }

    @Test
    void theCliReachesItsOwnDaemonOverAPrivateSocketAndThePortIsRecorded() throws Exception {
        // Its own temp folder, to see that the daemon leaves nothing in the shared one (such as Vert.x's file cache,
        // kept in a world-writable /tmp/vertx-cache unless turned off).
        Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
        DaemonProcess daemon = DaemonProcess.start(List.of(), DaemonProcess.environment(home, aws,
                Map.of("KEYPORT_JAVA_OPTS", "-Djava.io.tmpdir=" + javaTmp)));
        cleanup.add(daemon);
        assertTrue(daemon.awaitReady(), daemon.log());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("api-token"))));
        Path socket = home.resolve("daemon.sock");
        assertTrue(Ownership.isSocket(socket));
        CliRun list = DaemonProcess.cli(List.of(), env(), "session", "list", "-o", "json");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals("[]", list.out().replaceAll("\\s", ""));
        // The record is written once the socket is bound; the CLI's first answer proves it is.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        String record = Files.readString(home.resolve("daemon.json"));
        assertTrue(record.contains("\"port\": " + daemon.port()), record);
        assertTrue(record.contains("\"pid\": "), record);
        int own = DaemonLaunch.defaultPort(Ownership.currentUid());
        assertTrue(daemon.port() == own || daemon.log().contains("Port " + own + " (this user's default) is in use"),
                daemon.log());
        try (var left = Files.list(javaTmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("hsperfdata")).toList(), "nothing in the shared temp folder");
        }
    }

    @Test
    void aProcessHoldingThePortWhileTheDaemonIsDownHearsNothing() throws Exception {
        // The daemon ran once (so the token exists) and is down now.
        DaemonProcess first = daemon();
        first.close();
        assertFalse(Files.exists(home.resolve("daemon.sock")), "an orderly stop removes the socket");

        List<PortSquatter> squatters = new ArrayList<>();
        for (int port : new int[]{first.port(), DaemonLaunch.defaultPort(Ownership.currentUid()), 7465}) {
            PortSquatter squatter = PortSquatter.on(port);
            if (squatter != null) {
                squatters.add(squatter);
                cleanup.add(squatter);
            }
        }
        assertFalse(squatters.isEmpty());
        CliRun run = DaemonProcess.cli(List.of(), env(), "credential-process", "anything");
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("is not running"), run.err());
        assertEquals("", run.out(), "nothing is printed for the AWS tool to believe");
        for (PortSquatter squatter : squatters) {
            assertEquals(0, squatter.connections.get(), "the CLI never connected to port " + squatter.port);
        }
    }

    @Test
    void aSocketPlantedByAnotherUserIsRefusedBeforeAnythingIsSent() throws Exception {
        DaemonProcess first = daemon();
        first.close();
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        OtherUser.give(theirs);
        Path heard = theirs.resolve("heard");
        Process impostor = ImpostorDaemon.start(theirs.resolve("daemon.sock"), heard);
        cleanup.add(impostor::destroyForcibly);
        ImpostorDaemon.awaitListening(impostor);

        // Owned by the other user: refused before connecting.
        Files.move(theirs.resolve("daemon.sock"), home.resolve("daemon.sock"));
        CliRun owned = DaemonProcess.cli(List.of(), env(), "credential-process", "anything");
        assertEquals(3, owned.exitCode(), owned.err());
        assertTrue(owned.err().contains("belongs to another user"), owned.err());
        assertEquals("", owned.out());

        // Given to us, but the process behind it is still the other user's: the kernel says so, and nothing is sent.
        Files.setOwner(home.resolve("daemon.sock"), Files.getOwner(home));
        CliRun peer = DaemonProcess.cli(List.of(), env(), "credential-process", "anything");
        assertEquals(3, peer.exitCode(), peer.err());
        assertTrue(peer.err().contains("runs as " + OtherUser.NAME + ", not as you"), peer.err());
        assertEquals("", peer.out(), "the impostor's answer is never printed");
        String token = Files.readString(home.resolve("api-token")).strip();
        String received = Files.exists(heard) ? Files.readString(heard) : "";
        assertFalse(received.contains(token), "the impostor learnt the token: " + received);
        assertEquals("", received, "the impostor heard nothing at all");
    }

    @Test
    void anotherUsersProcessesReachNeitherTheSocketNorTheToken() throws Exception {
        DaemonProcess daemon = daemon();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        OtherUser.Result connect = OtherUser.run(List.of("/usr/bin/python3", "-c",
                "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print('connected')",
                home.resolve("daemon.sock").toString()));
        assertNotEquals(0, connect.exitCode(), connect.output());
        assertTrue(connect.output().contains("PermissionError"), connect.output());
        OtherUser.Result read = OtherUser.run(List.of("cat", home.resolve("api-token").toString()));
        assertNotEquals(0, read.exitCode(), read.output());
        assertTrue(read.output().contains("Permission denied"), read.output());
        // The TCP port is reachable, but not without the token.
        OtherUser.Result api = OtherUser.run(List.of("/usr/bin/python3", "-c",
                "import urllib.request,urllib.error,sys\n"
                        + "try:\n urllib.request.urlopen('http://127.0.0.1:'+sys.argv[1]+'/api/v1/sessions')\n"
                        + "except urllib.error.HTTPError as e: print(e.code)",
                Integer.toString(daemon.port())));
        assertEquals("401", api.output().strip());
        // Pointed at this user's home, the other user's CLI gets nowhere.
        Map<String, String> theirEnv = DaemonProcess.environment(home, aws, Map.of("HOME", "/tmp"));
        CliRun theirs = DaemonProcess.cli(OtherUser.process(List.of()).command(), theirEnv, "session", "list");
        assertEquals(3, theirs.exitCode(), theirs.err());
    }

    @Test
    void twoUsersDaemonsRunSideBySideEachWithItsOwnPortAndSocket() throws Exception {
        DaemonProcess mine = daemon();
        Path base = Files.createDirectory(tmp.resolve("other-user"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        OtherUser.give(base);
        Path theirHome = base.resolve("home");
        Path theirAws = base.resolve("aws");
        Map<String, String> theirEnv = DaemonProcess.environment(theirHome, theirAws, Map.of());
        DaemonProcess theirs = DaemonProcess.start(OtherUser.process(List.of()).command(), theirEnv);
        cleanup.add(theirs);
        assertTrue(theirs.awaitReady(), theirs.log());

        assertNotEquals(mine.port(), theirs.port());
        assertEquals(DaemonLaunch.defaultPort(OtherUser.UID), theirs.port(), theirs.log());
        assertEquals(0, DaemonProcess.cli(List.of(), env(), "session", "list").exitCode());
        CliRun theirList = DaemonProcess.cli(OtherUser.process(List.of()).command(), theirEnv, "session", "list");
        assertEquals(0, theirList.exitCode(), theirList.err());
        assertEquals(OtherUser.UID, Ownership.uid(theirHome.resolve("daemon.sock")));
    }

    /**
     * A daemon as short of file descriptors as a machine's hard limit can make it (1024), with another user opening
     * 600 connections to its port that never finish a request, and holding on.
     */
    private record Flood(DaemonProcess daemon, Process attacker) {
    }

    private Flood flood(String idleTimeout) throws Exception {
        DaemonProcess daemon = DaemonProcess.start(List.of("prlimit", "--nofile=1024:1024", "--"),
                DaemonProcess.environment(home, aws, Map.of("KEYPORT_JAVA_OPTS",
                        "-Dquarkus.http.idle-timeout=" + idleTimeout)));
        cleanup.add(daemon);
        assertTrue(daemon.awaitReady(), daemon.log());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Process attacker = OtherUser.process(List.of("/usr/bin/python3", "-c", """
                import socket, sys
                held = []
                for i in range(600):
                    try:
                        s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
                        held.append(s)
                        s.sendall(b'GET /api/v1/sessions HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n')
                    except OSError:
                        pass
                print(len(held), flush=True)
                sys.stdin.read()
                """, Integer.toString(daemon.port()))).redirectErrorStream(true).start();
        cleanup.add(attacker::destroyForcibly);
        String opened = new java.io.BufferedReader(new java.io.InputStreamReader(attacker.getInputStream())).readLine();
        assertEquals("600", opened == null ? null : opened.strip(), "the attacker connected 600 times");
        return new Flood(daemon, attacker);
    }

    /** GET /api/v1/sessions over TCP with the user's token: the status, or -1 when the daemon answers nothing. */
    private int sessionsOverTcp(int port) throws InterruptedException {
        try {
            java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                    + "/api/v1/sessions"))
                            .header("Authorization", "Bearer " + Files.readString(home.resolve("api-token")).strip())
                            .timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aFloodOfConnectionsOnThePortNeverStarvesTheUsersSocket() throws Exception {
        // The port keeps at most 200 connections (quarkus.http.limits.max-connections) and closes the rest at once,
        // so the flood cannot take the descriptors the socket needs; short of them the JVM could not even load the
        // classes that answer a request, and a class that fails to initialise stays broken until restart.
        Flood flood = flood("PT2M");
        assertEquals(-1, sessionsOverTcp(flood.daemon().port()), "the port is full while the flood holds it");
        CliRun list = DaemonProcess.cli(List.of(), env(), "session", "list");
        assertEquals(0, list.exitCode(), "the user's own channel answers at once: " + list.err());
        assertTrue(flood.attacker().isAlive(), "while the flood still holds its connections open");
        assertFalse(flood.daemon().log().contains("Too many open files"), flood.daemon().log());
    }

    @Test
    void theDaemonLoadsWhatAnswersARequestBeforeAnyoneAsks() throws Exception {
        // After start Quarkus opens its jars again on demand. A flood right after start once took every descriptor
        // while the first request loaded these classes, and the daemon never answered again (a class that failed to
        // initialise, or a jar loader waiting for ever). So the daemon sends itself one request as soon as its socket
        // is bound. Seen from outside, with no request from anyone: the classes of a request and of its answer are
        // loaded.
        DaemonProcess daemon = daemon();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> wanted = List.of("io.netty.handler.codec.http.DefaultHttpHeaders", "dev.keyport.api.Problem");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String loaded;
        do {
            Process p = new ProcessBuilder(jcmd, Long.toString(daemon.process().pid()), "VM.class_hierarchy")
                    .redirectErrorStream(true).start();
            loaded = new String(p.getInputStream().readAllBytes());
            p.waitFor();
        } while (!wanted.stream().allMatch(loaded::contains) && System.nanoTime() < deadline);
        for (String name : wanted) {
            assertTrue(loaded.contains(name), name + " is loaded before any request");
        }
    }

    @Test
    void connectionsAnotherUserLeavesSilentAreDroppedAndThePortComesBack() throws Exception {
        Flood flood = flood("PT3S");
        // The attacker holds on; the user retries until the daemon has let the silent connections go.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        int status;
        do {
            status = sessionsOverTcp(flood.daemon().port());
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "the port answers the user again");
        assertTrue(flood.attacker().isAlive(), "while the flood still holds its connections open");
        assertEquals(0, DaemonProcess.cli(List.of(), env(), "session", "list").exitCode());
        assertFalse(flood.daemon().log().contains("Too many open files"), flood.daemon().log());
    }

    @Test
    void aHomeOthersCanWriteStopsTheDaemonWithTheFix() throws Exception {
        Files.createDirectory(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        DaemonProcess daemon = DaemonProcess.start(List.of(), env());
        cleanup.add(daemon);
        assertNotEquals(0, daemon.awaitExit());
        assertTrue(daemon.log().contains("writable by other users"), daemon.log());
        assertTrue(daemon.log().contains("chmod go-w '" + home.toRealPath() + "'"), daemon.log());
        assertFalse(Files.exists(home.resolve("daemon.sock")));
        assertFalse(Files.exists(home.resolve("api-token")), "nothing was written into the untrusted home");
    }
}
