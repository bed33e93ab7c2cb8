package dev.keyport.login;

import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passwords remembered in a real Secret Service: gnome-keyring on a private D-Bus session (dbus-run-session, both from
 * Debian, installed by .ci/run), unlocked with a throwaway password, in a home of its own. {@link KeyringProbe}
 * remembers, recalls and forgets through {@link KeyringPasswords}; {@code secret-tool} confirms where it went.
 */
@IntegrationTest
class KeyringPasswordsIT {
    private static final String SECRET = "k3yring-probe-p4ss";

    @TempDir
    Path home;

    @Test
    void aPasswordGoesToTheSecretServiceIsOfferedOnlyToItsIdpAndIsForgotten() throws Exception {
        for (String tool : List.of("/usr/bin/dbus-run-session", "/usr/bin/gnome-keyring-daemon",
                "/usr/bin/secret-tool")) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " is missing: .ci/install-test-deps installs"
                    + " dbus, gnome-keyring and libsecret-tools");
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String probe = String.join(" ", List.of("'" + java + "'", "-cp", "'" + System.getProperty("java.class.path")
                + "'", KeyringProbe.class.getName()));
        String script = "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n"
                + probe + " " + SECRET + " remember || exit 10\n"
                + "secret-tool search --all service keyport 2>&1 | grep -q 'okta acme.okta.com alice' || exit 11\n"
                + probe + " " + SECRET + " forget || exit 12\n"
                + "secret-tool search --all service keyport 2>&1 | grep -q 'okta acme.okta.com alice' && exit 13\n"
                + "exit 0\n";
        ProcessBuilder pb = new ProcessBuilder("dbus-run-session", "--", "bash", "-c", script)
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("empty at first: true, recalled: true, not offered to another IdP: true")
                && out.contains("recalled by a new process: true, forgotten: true"), out);
        assertFalse(out.contains(SECRET), "the secret is never printed: " + out);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SECRET),
                        f + " holds the secret in clear");
            }
        }
    }
}
