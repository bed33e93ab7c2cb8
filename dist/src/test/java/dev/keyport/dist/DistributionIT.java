package dev.keyport.dist;

import dev.keyport.testkit.AwsCli;
import dev.keyport.testkit.TestkitServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The download as a user gets it: the tarball the build made, extracted with tar, run from a PATH that has no Java (a
 * folder of the few programs the launcher uses), with no JAVA_HOME. The daemon, the CLI and credential_process (run by
 * the real AWS CLI, /usr/bin/aws) work from it; the service unit it writes verifies with systemd-analyze; keyport
 * doctor finds each planted problem; and the tarball is the same bytes when built again.
 */
class DistributionIT {
    static final Path TARBALL = Path.of(System.getProperty("keyport.dist.tarball"));
    static final String ROLE = "arn:aws:iam::123456789012:role/Admin";
    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/TestKit";
    /** What the launcher runs besides Java; nothing else is on the PATH of the tests' Keyport processes. */
    static final List<String> TOOLS = List.of("bash", "readlink", "stat", "find", "mkdir", "rm", "mv", "sed", "cat");

    @TempDir
    static Path work;
    static Path top;
    static Path keyport;
    static Path noJava;
    static TestkitServer kit;

    @BeforeAll
    static void extract() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "no tarball at " + TARBALL + ": build it with ./mvnw -B -Pdist package");
        Path into = Files.createDirectory(work.resolve("installed"));
        Run tar = run(List.of("tar", "-xzf", TARBALL.toString(), "-C", into.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, tar.exitCode(), tar.output());
        try (Stream<Path> tops = Files.list(into)) {
            top = tops.findFirst().orElseThrow();
        }
        keyport = top.resolve("bin/keyport");
        noJava = Files.createDirectory(work.resolve("no-java-bin"));
        for (String tool : TOOLS) {
            Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError(tool + " is not installed"));
            Files.createSymbolicLink(noJava.resolve(tool), real);
        }
        kit = new TestkitServer(List.of(PROVIDER));
    }

    @AfterAll
    static void stopKit() {
        if (kit != null) {
            kit.close();
        }
    }

    /** A Keyport process's environment: the PATH without Java, its own home and AWS files, the test kit as STS. */
    static Map<String, String> env(Path home, String... more) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", noJava.toString());
        env.put("HOME", home.toString());
        env.put("KEYPORT_HOME", home.resolve("keyport").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws/credentials").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("aws/config").toString());
        env.put("KEYPORT_STS_ENDPOINT", kit.endpoint().toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        if (!shipsClassData()) {
            // A tarball without archives (built on JDK 17) leaves them to the launcher's first runs, whose training
            // runs go on in the background after a command: not what these tests are about.
            env.put("KEYPORT_CDS", "off");
        }
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** Whether the tarball carries AOT caches made at build time (it does when built on JDK 25 or newer). */
    static boolean shipsClassData() {
        return Files.exists(top.resolve("lib/daemon/keyport-daemon.aot"));
    }

    static Path newHome(String name) throws IOException {
        return Files.createDirectory(work.resolve(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    record Run(int exitCode, String output) {
    }

    static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish: " + output.getNow(""));
        }
        return new Run(process.exitValue(), output.join());
    }

    static Run keyport(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(keyport.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    /** {@code keyport daemon}, once it says it listens (read line by line as it logs: no polling). */
    static Process daemon(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(keyport.toString(), "daemon").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuilder log = new StringBuilder();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.contains("Listening on: http://127.0.0.1:")) {
                    // The rest of its log is drained so that it never blocks on a full pipe.
                    Thread drain = new Thread(() -> {
                        try {
                            lines.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the daemon stopped
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return process;
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        fail("The daemon exited before it listened:\n" + log);
        return process;
    }

    static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            fail("the daemon did not stop on SIGTERM");
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void theTarballMatchesItsChecksumFileAndCarriesItsOwnRuntime() throws Exception {
        String recorded = Files.readString(Path.of(TARBALL + ".sha256")).strip();
        assertEquals(sha256(TARBALL) + "  " + TARBALL.getFileName(), recorded);

        for (String part : List.of("bin/keyport", "runtime/bin/java", "lib/daemon/quarkus-run.jar",
                "lib/cli/keyport-cli.jar", "completions/keyport.bash", "README.md")) {
            assertTrue(Files.exists(top.resolve(part)), part + " is missing from the tarball");
        }
        Run noJavaHere = run(List.of("bash", "-c", "type -P java || echo none"), env(work));
        assertEquals("none", noJavaHere.output().strip(), "the tests' PATH must have no Java");

        Run modules = run(List.of(top.resolve("runtime/bin/java").toString(), "--list-modules"), env(work));
        assertTrue(modules.output().contains("java.base@"), modules.output());
        assertTrue(modules.output().contains("jdk.crypto.ec@"), modules.output());
        assertFalse(modules.output().contains("jdk.compiler@"), "a runtime with only what Keyport needs");
        assertFalse(Files.exists(top.resolve("runtime/jmods")));

        Run version = keyport(env(work), "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("keyport " + top.getFileName().toString().substring("keyport-".length())),
                version.output());
        Run kit = keyport(env(work), "testkit");
        assertEquals(2, kit.exitCode(), kit.output());
        assertTrue(kit.output().contains("comes with a source checkout"), kit.output());
    }

    @Test
    void aTarballBuiltOnJdk25RunsOnTheAotCachesItShipsAndOneBuiltOn17ShipsNone() throws Exception {
        Run runtime = run(List.of(top.resolve("runtime/bin/java").toString(), "-XshowSettings:properties",
                "-version"), env(work));
        int major = Integer.parseInt(runtime.output().replaceAll("(?s).*java\\.specification\\.version = (\\d+).*",
                "$1"));
        if (major < 25) {
            // JDK 17's archives hold the jars' absolute paths: none can be made before the user extracts the tarball.
            assertFalse(shipsClassData());
            return;
        }
        assertTrue(shipsClassData());
        assertTrue(Files.exists(top.resolve("lib/cli/keyport-cli.aot")));
        for (List<String> command : List.of(List.of("--version"), List.of("daemon", "--version"))) {
            List<String> args = new ArrayList<>(command);
            Run used = keyport(env(work, "KEYPORT_JAVA_OPTS", "-Xlog:aot=info"), args.toArray(String[]::new));
            assertEquals(0, used.exitCode(), used.output());
            assertTrue(used.output().contains("Opened AOT cache"), used.output());
            assertFalse(used.output().contains("Unable to use AOT cache"), used.output());
            assertFalse(used.output().contains("mismatch"), used.output());
        }
    }

    @Test
    void aShippedArchiveIsOfferedOnlyToARuntimeThatCanUseIt() throws Exception {
        // A copy of the download, so that the other tests keep theirs intact.
        Path copy = work.resolve("archive");
        Run cp = run(List.of("cp", "-a", top.toString(), copy.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, cp.exitCode(), cp.output());
        Path aot = copy.resolve("lib/daemon/keyport-daemon.aot");
        Map<String, String> env = env(work);
        env.remove("KEYPORT_CDS");
        List<String> version = List.of(copy.resolve("bin/keyport").toString(), "daemon", "--version");
        if (!shipsClassData()) {
            // A runtime before 25 has no AOT cache: a file by that name, even one of the user's, is never offered to
            // it, or the JVM would refuse to start.
            Files.writeString(aot, "not an archive");
            Files.setPosixFilePermissions(aot, PosixFilePermissions.fromString("rw-r--r--"));
            Run started = run(version, env);
            assertEquals(0, started.exitCode(), started.output());
            assertTrue(started.output().contains("keyport "), started.output());
            return;
        }
        env.put("KEYPORT_JAVA_OPTS", "-Xlog:aot=info");
        Run used = run(version, env);
        assertEquals(0, used.exitCode(), used.output());
        assertTrue(used.output().contains("Opened AOT cache " + aot), used.output());
    }

    @Test
    void theDownloadRefusesToRunWhenAnythingOfItOthersCouldChange() throws Exception {
        Path copy = work.resolve("shared");
        Run cp = run(List.of("cp", "-a", top.toString(), copy.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, cp.exitCode(), cp.output());
        List<String> version = List.of(copy.resolve("bin/keyport").toString(), "--version");
        assertEquals(0, run(version, env(work)).exitCode(), "a private copy runs (below /tmp, which is sticky)");
        String jar;
        try (Stream<Path> jars = Files.list(copy.resolve("lib/daemon/lib/main"))) {
            jar = "lib/daemon/lib/main/" + jars.findFirst().orElseThrow().getFileName();
        }
        List<String> parts = new ArrayList<>(List.of("", "runtime", "lib/daemon", "lib/cli", "runtime/lib/server",
                "runtime/bin/java", "runtime/lib/server/libjvm.so", "runtime/lib/modules", jar));
        if (shipsClassData()) {
            parts.add("lib/daemon/keyport-daemon.aot");
            parts.add("lib/cli/keyport-cli.aot");
        }
        for (String part : parts) {
            Path loose = part.isEmpty() ? copy : copy.resolve(part);
            var before = Files.getPosixFilePermissions(loose);
            var after = new java.util.HashSet<>(before);
            after.add(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            Files.setPosixFilePermissions(loose, after);
            Run refused = run(version, env(work));
            assertEquals(1, refused.exitCode(), loose + ": " + refused.output());
            assertTrue(refused.output().contains(loose + " belongs to another user or others may write to it"),
                    refused.output());
            assertFalse(refused.output().contains("keyport 0"), "nothing of the download ran");
            Files.setPosixFilePermissions(loose, before);
        }
        Path runtimeBin = copy.resolve("runtime/bin");
        var owner = Files.getOwner(runtimeBin);
        Files.setOwner(runtimeBin, runtimeBin.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));
        Run foreign = run(version, env(work));
        assertEquals(1, foreign.exitCode(), foreign.output());
        assertTrue(foreign.output().contains("runtime/bin belongs to another user"), foreign.output());
        Files.setOwner(runtimeBin, owner);

        // A folder above that others may write to, and that is not sticky: they could rename the download away.
        Path open = Files.createDirectory(work.resolve("open"));
        Run moved = run(List.of("mv", copy.toString(), open.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, moved.exitCode(), moved.output());
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run above = run(List.of(open.resolve("shared/bin/keyport").toString(), "--version"), env(work));
        assertEquals(1, above.exitCode(), above.output());
        assertTrue(above.output().contains(open + " belongs to another user or others may write to it"),
                above.output());
        assertEquals(0, run(List.of("chmod", "1777", open.toString()), Map.of("PATH", "/usr/bin:/bin")).exitCode());
        assertEquals(0, run(List.of(open.resolve("shared/bin/keyport").toString(), "--version"), env(work))
                .exitCode(), "a sticky folder above is fine: others cannot rename what is not theirs there");
    }

    @Test
    void theLauncherFindsItselfWhateverCdpathSays() throws Exception {
        // With CDPATH, `cd bin` may go to another folder named bin, and print its name into the launcher's own path.
        Path decoy = Files.createDirectories(work.resolve("cdpath/bin"));
        Map<String, String> env = env(work, "CDPATH", decoy.getParent().toString());
        Run run = run(List.of("bash", "-c", "cd '" + top + "' && bin/keyport --version"), env);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("keyport " + top.getFileName().toString().substring("keyport-".length()), run.output().strip());
    }

    @Test
    void theDaemonTheCliAndCredentialProcessRunWithNoJavaOnPath() throws Exception {
        Path home = newHome("run");
        Map<String, String> env = env(home);
        Process daemon = daemon(env);
        try {
            Run add = keyport(env, "session", "add", "--alias", "dist", "--region", "eu-west-1", "--delivery",
                    "credential-process", "--saml-url", "https://acme.okta.com/home/amazon_aws/0oa1/272",
                    "--idp-arn", PROVIDER, "--role-arn", ROLE);
            assertEquals(0, add.exitCode(), add.output());
            Path assertion = home.resolve("assertion.b64");
            Files.writeString(assertion, kit.factory().okta().rolePair(ROLE, PROVIDER).build().base64());
            Run start = keyport(env, "session", "start", "dist", "--assertion-file", assertion.toString());
            assertEquals(0, start.exitCode(), start.output());
            Files.delete(assertion);

            Run list = keyport(env, "session", "list");
            assertTrue(list.output().contains("ACTIVE"), list.output());
            String config = Files.readString(home.resolve("aws/config"));
            assertTrue(config.contains("credential_process = " + keyport), config);

            // The AWS CLI runs credential_process with the environment it was given: no Java on its PATH either.
            AwsCli.Result caller = AwsCli.run(home, home.resolve("aws/credentials"), home.resolve("aws/config"),
                    Map.of("PATH", noJava.toString(), "KEYPORT_HOME", env.get("KEYPORT_HOME")),
                    "sts", "get-caller-identity", "--profile", "dist", "--endpoint-url", kit.endpoint().toString(),
                    "--output", "text", "--query", "Arn");
            assertEquals(0, caller.exitCode(), caller.stderr());
            assertTrue(caller.stdout().startsWith("arn:aws:sts::123456789012:assumed-role/Admin/"), caller.stdout());

            Run stop = keyport(env, "session", "stop", "dist");
            assertEquals(0, stop.exitCode(), stop.output());
        } finally {
            stop(daemon);
        }
    }

    @Test
    void aServiceIsNeverInstalledToRunALauncherFromWhereOthersCouldReplaceIt() throws Exception {
        // The tests' download lies under /tmp: sticky, so fine to run from, but a cleanup could remove it and another
        // user put a program at the same path, which the service would then run at every login.
        Path home = newHome("service-in-tmp");
        Run install = keyport(env(home), "service", "install", "--no-start");
        assertEquals(2, install.exitCode(), install.output());
        assertTrue(install.output().contains("which others may write to"), install.output());
        assertTrue(install.output().contains("-C ~/.local/share"), install.output());
        assertFalse(Files.exists(home.resolve("config/systemd/user/keyport.service")));
    }

    @Test
    void theServiceUnitItWritesVerifiesAndRunsThisLauncher() throws Exception {
        // Installed where a user would: in a private folder of their home, every folder above it closed to others.
        Path cache = Path.of(System.getProperty("user.home"), ".cache");
        Files.createDirectories(cache);
        Path place = Files.createTempDirectory(cache, "keyport-dist-it");
        try {
            Run cp = run(List.of("cp", "-a", top.toString(), place.toString()), Map.of("PATH", "/usr/bin:/bin"));
            assertEquals(0, cp.exitCode(), cp.output());
            Path launcher = place.resolve(top.getFileName()).resolve("bin/keyport");
            Path home = newHome("service");
            Map<String, String> env = env(home);
            Path unit = home.resolve("config/systemd/user/keyport.service");

            Run install = run(List.of(launcher.toString(), "service", "install", "--no-start"), env);
            assertEquals(0, install.exitCode(), install.output());
            assertTrue(install.output().contains("systemctl --user daemon-reload && systemctl --user enable --now"
                    + " keyport"), install.output());
            String text = Files.readString(unit);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)));
            assertTrue(text.contains("ExecStart=\"" + launcher + "\" daemon\n"), text);
            assertTrue(text.contains("Environment=\"KEYPORT_HOME=" + home.resolve("keyport") + "\"\n"), text);
            assertTrue(text.contains("Restart=on-failure"), text);

            Path runtimeDir = Files.createDirectory(home.resolve("xdg-runtime"), PosixFilePermissions
                    .asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Run verify = run(List.of("/usr/bin/systemd-analyze", "--user", "verify", unit.toString()),
                    Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "XDG_RUNTIME_DIR", runtimeDir.toString(),
                            "XDG_CONFIG_HOME", home.resolve("config").toString()));
            assertEquals(0, verify.exitCode(), verify.output());
            assertEquals("", verify.output().strip(), "systemd-analyze has no complaint");

            Run status = run(List.of(launcher.toString(), "service", "status", "--output", "json"), env);
            assertTrue(status.output().contains("\"installed\" : true"), status.output());
            assertTrue(status.output().contains("\"launcher\" : \"" + launcher + "\""), status.output());

            Run uninstall = run(List.of(launcher.toString(), "service", "uninstall"), env);
            assertEquals(0, uninstall.exitCode(), uninstall.output());
            assertFalse(Files.exists(unit));
        } finally {
            run(List.of("rm", "-rf", place.toString()), Map.of("PATH", "/usr/bin:/bin"));
        }
    }

    @Test
    void theDoctorFindsEachPlantedProblemAndSaysHowToFixIt() throws Exception {
        Path home = newHome("doctor");
        Map<String, String> env = env(home, "KEYPORT_BROWSER_PATH", home.resolve("no-such-browser").toString());
        Files.createDirectories(home.resolve("aws"));
        Files.writeString(home.resolve("aws/credentials"), "[default]\naws_access_key_id = AKIAEXAMPLE\n"
                + "this line is no setting\n");
        Process daemon = daemon(env);
        Run found;
        try {
            Path token = home.resolve("keyport/api-token");
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
            found = keyport(env, "doctor");
        } finally {
            stop(daemon);
        }
        assertEquals(9, found.exitCode(), found.output());
        String out = found.output();
        assertTrue(out.contains("ERROR   api token"), out);
        assertTrue(out.contains("fix: Restart the daemon as it is: at its start it replaces a token others could"
                + " read"), out);
        assertTrue(out.contains("ERROR   AWS credentials file"), out);
        assertTrue(out.contains("line 3 is neither a [section], a key = value, nor a comment"), out);
        assertTrue(out.contains("ERROR   browser"), out);
        assertTrue(out.contains("fix: Point KEYPORT_BROWSER_PATH (keyport.browser.path) at a Chromium"), out);
        assertTrue(out.contains("ok      daemon"), out);

        Run stopped = keyport(env, "doctor", "--output", "json");
        assertEquals(9, stopped.exitCode(), stopped.output());
        assertTrue(stopped.output().contains("\"check\" : \"daemon\""), stopped.output());
        assertTrue(stopped.output().contains("No Keyport daemon answers"), stopped.output());
        assertTrue(stopped.output().contains("keyport daemon"), stopped.output());
        assertTrue(stopped.output().contains("\"check\" : \"not checked\""), stopped.output());
    }

    @Test
    void theTarballIsTheSameBytesWhenBuiltAgainAndDiffersFromTheBuildOnlyByItsClassDataArchives() throws Exception {
        Path first = build("first");
        Path second = build("second");
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "two builds, the same bytes");

        Map<String, String> rebuilt = contents(first);
        Map<String, String> shipped = contents(TARBALL);
        shipped.keySet().removeIf(DistributionIT::classData);
        rebuilt.keySet().removeIf(DistributionIT::classData);
        assertNotEquals(0, shipped.size());
        Map<String, String> differences = new TreeMap<>();
        for (String entry : union(rebuilt.keySet(), shipped.keySet())) {
            if (!java.util.Objects.equals(rebuilt.get(entry), shipped.get(entry))) {
                differences.put(entry, shipped.get(entry) + " (built by Maven) vs " + rebuilt.get(entry));
            }
        }
        assertEquals(Map.of(), differences, "entries that differ besides the class-data archives");
    }

    static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static boolean classData(String entry) {
        return entry.endsWith(".aot") || entry.endsWith(".jsa");
    }

    /** The build script again, into a folder of its own, with no class-data archives. */
    static Path build(String name) throws Exception {
        Path out = Files.createDirectory(work.resolve("build-" + name));
        Path repo = Path.of(System.getProperty("keyport.dist.script")).getParent().getParent().getParent().getParent()
                .getParent();
        String version = TARBALL.getFileName().toString().replace("keyport-", "").replace("-linux-x64.tar.gz", "");
        Run built = run(List.of("bash", System.getProperty("keyport.dist.script")), Map.of(
                "PATH", "/usr/bin:/bin", "VERSION", version, "JDK", System.getProperty("keyport.dist.jdk"),
                "OUT", out.toString(), "APP", repo.resolve("app/target/quarkus-app").toString(),
                "CLI", repo.resolve("cli/target/keyport-cli").toString(), "LAUNCHER", repo.resolve("keyport").toString(),
                "README", repo.resolve("dist/src/main/dist/README.md").toString(),
                "TIMESTAMP", System.getProperty("keyport.dist.timestamp"), "CLASS_DATA", "none"));
        assertEquals(0, built.exitCode(), built.output());
        return out.resolve(TARBALL.getFileName());
    }

    /** Each entry of a tarball: its name, and its type, mode, owner, time and content hash. */
    static Map<String, String> contents(Path tarball) throws Exception {
        Run listing = run(List.of("tar", "--numeric-owner", "--full-time", "-tvzf", tarball.toString()),
                Map.of("PATH", "/usr/bin:/bin", "TZ", "UTC"));
        assertEquals(0, listing.exitCode(), listing.output());
        Path into = Files.createTempDirectory(work, "contents");
        Run tar = run(List.of("tar", "-xzf", tarball.toString(), "-C", into.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, tar.exitCode(), tar.output());
        Map<String, String> entries = new TreeMap<>();
        for (String line : listing.output().split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            String entry = f[5];
            Path file = into.resolve(entry);
            String hash = Files.isRegularFile(file) ? sha256(file) : "";
            entries.put(entry, f[0] + " " + f[1] + " " + f[3] + " " + f[4] + " " + hash);
        }
        return entries;
    }
}
