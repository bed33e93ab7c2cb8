package dev.keyport.e2e;

import dev.keyport.testing.DaemonProcess;
import dev.keyport.testing.ProcessOutput;
import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's walkthrough, run as written: its three shell blocks (the test kit, the daemon, the commands) in three bash
 * processes, with a fresh HOME, the packaged launcher, the real browser and the real AWS CLI. If README and the
 * programs drift apart, this fails, so a newcomer who follows README never has to guess.
 */
@IntegrationTest
class ReadmeWalkthroughIT {
    private static final Pattern BLOCK = Pattern.compile("<!-- walkthrough: (\\w+) -->\\s*```sh\\n(.*?)```",
            Pattern.DOTALL);

    @TempDir
    Path tmp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> blocks(Path readme) throws IOException {
        Map<String, String> blocks = new HashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(readme));
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        return blocks;
    }

    /** A bash running {@code script} in the repository, as a user's terminal there would (a HOME of its own). */
    private Process bash(Path repo, Path home, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(repo.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("HOME", home.toString());
        // Debian's AWS CLI v2 first: README's `aws` is the real AWS CLI.
        env.put("PATH", "/usr/bin:/bin:" + System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KEYPORT_CDS", "off");
        env.put("LANG", "C.UTF-8");
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static String readUntil(Process process, Pattern until) throws Exception {
        return ProcessOutput.readUntil(process.getInputStream(), until);
    }

    @Test
    void aNewcomerFollowsTheWalkthroughEndToEnd() throws Exception {
        Path repo = DaemonProcess.launcher().getParent();
        Map<String, String> blocks = blocks(repo.resolve("README.md"));
        assertEquals(java.util.Set.of("testkit", "daemon", "commands"), blocks.keySet(), "README's walkthrough blocks");
        Path home = Files.createDirectory(tmp.resolve("home"));

        Process testkit = bash(repo, home, blocks.get("testkit"));
        String printed = readUntil(testkit, Pattern.compile("^export KEYPORT_CONSOLE_FEDERATION_ENDPOINT="));
        // What the test kit tells the user to set is what README's daemon block sets.
        for (String line : printed.lines().filter(l -> l.startsWith("export ")).toList()) {
            String setting = line.substring("export ".length());
            assertTrue(blocks.get("daemon").contains(setting), "README's daemon block sets " + setting);
        }

        Process daemon = bash(repo, home, blocks.get("daemon"));
        String started = readUntil(daemon, Pattern.compile("Listening on: http://127\\.0\\.0\\.1:\\d+"));
        // A daemon pointed at plain-HTTP stand-ins says so, once each, where its user sees it.
        assertTrue(started.contains("STS calls go to http://127.0.0.1:7480 over plain HTTP"), started);
        assertTrue(started.contains("Console sign-ins go to http://127.0.0.1:7480/federation over plain HTTP"), started);

        Process commands = bash(repo, home, blocks.get("commands"));
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(commands.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertTrue(commands.waitFor(300, TimeUnit.SECONDS), "the walkthrough's commands did not finish");
        String out = output.get(30, TimeUnit.SECONDS);
        assertEquals(0, commands.exitValue(), out);
        assertTrue(out.contains("Session 'try-admin' is active on profile try-admin"), out);
        assertTrue(out.contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/Admin/"), out);
        assertTrue(out.contains("Signed in to the AWS console"), out);
        assertTrue(out.contains("Session 'try-okta' is active on profile try-okta"), out);
        assertTrue(out.contains("Session 'try-okta' has fresh credentials"), out);
        assertFalse(out.contains("warning"), out);
        // Stopped: the profile is gone from the walkthrough's own credentials file, and the user's real one was
        // never made.
        Path credentials = home.resolve(".keyport-try/aws/credentials");
        assertFalse(Files.readString(credentials).contains("[try-admin]"), Files.readString(credentials));
        assertFalse(Files.exists(home.resolve(".aws")), "the user's own AWS files are not touched");
    }
}
