package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code keyport testkit} as a program: its options, and a child JVM on this test's class path (its output, exit
 * statuses, and that only a signal stops it). Loopback only.
 */
class TestkitProgramTest {
    private static final Pattern STS_EXPORT = Pattern.compile("export KEYPORT_STS_ENDPOINT=(http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path tmp;

    @Test
    void optionsTakeTheirValueInTheNextArgumentOrAfterAnEqualsSign() {
        String role2 = "arn:aws:iam::123456789012:role/a=b"; // IAM role names may contain '='
        TestkitProgram.Options spaced = TestkitProgram.Options.parse("--port", "8123", "--provider", PROVIDER,
                "--max-session-duration", ROLE + "=7200", "--provider", "arn:aws:iam::123456789012:saml-provider/Other",
                "--max-session-duration", role2 + "=43200");
        TestkitProgram.Options joined = TestkitProgram.Options.parse("--port=8123", "--provider=" + PROVIDER,
                "--max-session-duration=" + ROLE + "=7200", "--provider=arn:aws:iam::123456789012:saml-provider/Other",
                "--max-session-duration=" + role2 + "=43200");
        TestkitProgram.Options expected = new TestkitProgram.Options(false, 8123,
                List.of(PROVIDER, "arn:aws:iam::123456789012:saml-provider/Other"), Map.of(ROLE, 7200, role2, 43200));
        assertEquals(expected, spaced);
        assertEquals(expected, joined);
        assertEquals(new TestkitProgram.Options(false, 0, List.of(), Map.of()), TestkitProgram.Options.parse());
        assertTrue(TestkitProgram.Options.parse("--port", "1", "-h").help());
        assertTrue(TestkitProgram.Options.parse("--help").help());

        assertEquals("Unknown argument '--prot'.", refused("--prot", "8080"));
        assertEquals("Unknown argument 'extra'.", refused("extra"));
        assertEquals("Unknown argument '--help=yes'.", refused("--help=yes"));
        assertEquals("--port needs a value.", refused("--port"));
        assertEquals("--port '65536' is not a port number from 1 to 65535.", refused("--port=65536"));
        assertEquals("--port 'http' is not a port number from 1 to 65535.", refused("--port", "http"));
        assertEquals("--port '-1' is not a port number from 1 to 65535.", refused("--port", "-1"));
        assertTrue(refused("--provider=").startsWith("--provider needs the ARN of the IAM SAML provider"));
        assertEquals("--max-session-duration '" + ROLE + "' is not ROLE_ARN=SECONDS with SECONDS from 3600 to 43200.",
                refused("--max-session-duration", ROLE));
        assertEquals("--max-session-duration '" + ROLE + "=900' is not ROLE_ARN=SECONDS with SECONDS from 3600 to 43200.",
                refused("--max-session-duration=" + ROLE + "=900"));
    }

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> TestkitProgram.Options.parse(args)).getMessage();
    }

    // --- as a program ---------------------------------------------------------------------------------------------

    private Process launch(String... args) throws Exception {
        // This JVM's java and class path: the kit's classes and its dependencies, as the build puts them together.
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                TestkitProgram.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr").toFile()).start();
    }

    private String stderr() throws Exception {
        return Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void mainPrintsTheDaemonsSettingsAndRunsUntilSignalledNotUntilItsInputCloses() throws Exception {
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        Process p = launch("--port", String.valueOf(port), "--provider=" + PROVIDER,
                "--max-session-duration", ROLE + "=7200");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) { // blocks until a line or EOF
                lines.add(line);
                if (line.startsWith("export KEYPORT_CONSOLE_FEDERATION_ENDPOINT=")) {
                    break;
                }
            }
            assertNotNull(line, "TestkitServer exited before printing both export lines: " + lines + " " + stderr());
            assertEquals(5, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("Keyport test kit on " + endpoint + ": "), lines.get(0));
            assertTrue(lines.get(1).startsWith("It is for trying Keyport only"), lines.get(1));
            assertEquals("export KEYPORT_HOME=~/.keyport-try AWS_SHARED_CREDENTIALS_FILE=~/.keyport-try/aws/credentials"
                    + " AWS_CONFIG_FILE=~/.keyport-try/aws/config", lines.get(2));
            assertEquals("export KEYPORT_STS_ENDPOINT=" + endpoint, lines.get(3));
            assertEquals("export KEYPORT_CONSOLE_FEDERATION_ENDPOINT=" + endpoint + "/federation", lines.get(4));
            Matcher m = STS_EXPORT.matcher(lines.get(3));
            assertTrue(m.matches(), "the shape scripts parse (bench/benchmark.py): " + lines.get(3));

            p.getOutputStream().close(); // EOF on stdin: must not stop it
            URI sts = URI.create(m.group(1));
            HttpResponse<String> minted = TestkitServerTest.mint(sts, TestkitServerTest.q(ROLE, PROVIDER));
            assertEquals(200, minted.statusCode(), minted.body());
            try (StsClient client = Testkit.anonymous(sts)) {
                AssumeRoleWithSamlResponse r = client.assumeRoleWithSAML(b -> b.roleArn(ROLE).principalArn(PROVIDER)
                        .samlAssertion(minted.body()).durationSeconds(7200));
                assertTrue(r.credentials().accessKeyId().startsWith("ASIA"));
            }
            assertEquals(200, TestkitServerTest.idp(sts, TestkitServerTest.q(ROLE, PROVIDER)).statusCode());
            assertTrue(p.isAlive(), "TestkitServer stopped when its input closed");

            // SIGTERM. Through the handle: Process.destroy() also closes this end of the child's stdout, whose last
            // lines are read below.
            p.toHandle().destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "TestkitServer did not stop on SIGTERM");
            assertEquals(143, p.exitValue(), "the signal's status, not a normal exit's 0");
            // The rest of the banner, and nothing else, ever.
            List<String> rest = out.lines().toList();
            assertEquals(List.of("A session's SAML URL that signs in by itself as ROLE through PROVIDER:",
                    endpoint + "/_testkit/idp?role=ROLE_ARN&provider=PROVIDER_ARN"), rest);
            assertEquals("", stderr(), "no SLF4J or other noise on stderr");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitStatus1() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = launch("--port=" + busy.getLocalPort());
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "TestkitServer did not give up on a port in use");
                assertEquals(1, p.exitValue());
                assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals("keyport testkit: port " + busy.getLocalPort() + " on 127.0.0.1 is in use by another "
                        + "program; choose another with --port." + System.lineSeparator(), stderr());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aBadArgumentIsNamedWithExitStatus2AndHelpGoesToStdout() throws Exception {
        Process bad = launch("--prot", "8080");
        try {
            assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, bad.exitValue());
            assertEquals("", new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(List.of("keyport testkit: Unknown argument '--prot'.", "Try 'keyport testkit --help'."),
                    stderr().lines().toList());
        } finally {
            bad.destroyForcibly();
        }

        Process help = launch("--help");
        try {
            assertTrue(help.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, help.exitValue());
            String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(usage.startsWith("Usage: keyport testkit [--port N]"), usage);
            assertEquals(TestkitProgram.USAGE, usage);
            assertEquals("", stderr());
        } finally {
            help.destroyForcibly();
        }
    }
}
