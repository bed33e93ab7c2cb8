package dev.keyport.testkit;

import static dev.keyport.testkit.Testkit.PROVIDER;
import static dev.keyport.testkit.Testkit.ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

@IntegrationTest
class TestkitServerTest {

    private static final Pattern READY = Pattern.compile("TESTKIT READY (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path tmp;

    private static HttpResponse<String> mint(URI endpoint, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + TestkitServer.SAML_RESPONSE_PATH
                + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String role, String provider) {
        return "?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8) + "&provider="
                + URLEncoder.encode(provider, StandardCharsets.UTF_8);
    }

    private static AssumeRoleWithSamlResponse assume(URI endpoint, String saml) {
        try (StsClient client = Testkit.anonymous(endpoint)) {
            return client.assumeRoleWithSAML(r -> r.roleArn(ROLE).principalArn(PROVIDER).samlAssertion(saml));
        }
    }

    @Test
    void mintedResponsesAreAcceptedByTheEmulator() throws Exception {
        try (TestkitServer server = new TestkitServer(List.of())) {
            HttpResponse<String> generic = mint(server.endpoint(), q(ROLE, PROVIDER));
            assertEquals(200, generic.statusCode(), generic.body());
            assertTrue(generic.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(server.emulator().hasProvider(PROVIDER), "minting registers the provider");
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/alice@example.com",
                    assume(server.endpoint(), generic.body()).assumedRoleUser().arn());

            HttpResponse<String> okta = mint(server.endpoint(), q(ROLE, PROVIDER) + "&idp=okta&sessionName=bench-1");
            assertEquals(200, okta.statusCode(), okta.body());
            assertTrue(new String(java.util.Base64.getDecoder().decode(okta.body()), StandardCharsets.UTF_8)
                    .contains(PROVIDER + "," + ROLE));
            assertEquals("arn:aws:sts::123456789012:assumed-role/KeyportDev/bench-1",
                    assume(server.endpoint(), okta.body()).assumedRoleUser().arn());

            assertEquals(400, mint(server.endpoint(), "?role=" + ROLE).statusCode());
            assertEquals(400, mint(server.endpoint(), q(ROLE, PROVIDER) + "&idp=adfs").statusCode());
            assertEquals(2, server.emulator().issuedCredentials().size());
        }
    }

    private static Process launch(Path tmp, String... args) throws Exception {
        // As README runs it: the packaged jar and the dependencies the build copies next to it (this test is of the
        // integration tier, which runs after package).
        Path target = Path.of("target").toAbsolutePath();
        Path jar;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target)) {
            jar = files.filter(f -> f.getFileName().toString().matches("keyport-testkit-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No keyport-testkit jar in " + target
                            + ": this test runs after package"));
        }
        String cp = jar + java.io.File.pathSeparator + target.resolve("lib") + java.io.File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", cp, TestkitServer.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr").toFile()).start();
    }

    private static URI awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // blocks until the line or EOF
        assertNotNull(line, "TestkitServer exited without printing the READY line");
        Matcher m = READY.matcher(line);
        assertTrue(m.matches(), line);
        return URI.create(m.group(1));
    }

    @Test
    void mainPrintsReadyServesAndStopsOnStdinEof() throws Exception {
        Process p = launch(tmp, "--provider=" + PROVIDER, "--max-session-duration=" + ROLE + "=7200");
        try {
            URI endpoint = awaitReady(p);
            HttpResponse<String> minted = mint(endpoint, q(ROLE, PROVIDER));
            assertEquals(200, minted.statusCode(), minted.body());
            try (StsClient client = Testkit.anonymous(endpoint)) {
                AssumeRoleWithSamlResponse r = client.assumeRoleWithSAML(b -> b.roleArn(ROLE).principalArn(PROVIDER)
                        .samlAssertion(minted.body()).durationSeconds(7200));
                assertTrue(r.credentials().accessKeyId().startsWith("ASIA"));
            }
            p.getOutputStream().close(); // EOF on stdin
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "TestkitServer did not stop on stdin EOF");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void mainStopsOnSigterm() throws Exception {
        Process p = launch(tmp);
        try {
            awaitReady(p);
            // SIGTERM alone: Process.destroy() also closes the child's stdin right after the signal, and that end
            // of input (a normal stop, status 0) raced with the signal's 143.
            p.toHandle().destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "TestkitServer did not stop on SIGTERM");
            assertEquals(143, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
