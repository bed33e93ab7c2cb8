package dev.keyport.browser.cdp;

import dev.keyport.testkit.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Against the real headless Chromium: must run (and fail, not skip) where the browser is missing. */
@IntegrationTest
class ChromiumCdpTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long WAIT_S = 30;
    private static final String ACS = "https://signin.aws.amazon.com/saml";
    /** Any DNS lookup fails locally, so even a leak past the interception cannot reach the network. */
    private static final String NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1";

    @TempDir
    Path tmp;

    private ChromiumProcess launch(Path profile) throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: apt-get install chromium");
        }
        return new ChromiumLauncher(CHROMIUM, profile).headless(true).extraArgs(List.of(NO_DNS)).launch();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void pausesTheSamlPost_extractsTheFieldExactly_andBlocksEverythingElseOnTheHost() throws Exception {
        byte[] random = new byte[75_001]; // not a multiple of 3: the base64 ends in "=="
        new Random(7).nextBytes(random);
        String saml = Base64.getEncoder().encodeToString(random);
        assertTrue(saml.length() > 100_000 && saml.contains("+") && saml.contains("/") && saml.endsWith("=="));
        String relay = "https://console.aws.amazon.com/ec2/?region=eu-west-1&x=a+b ü";
        String form = "<form id=f method=post action='" + ACS + "'>"
                + "<input type=hidden name=RelayState value='" + html(relay) + "'>"
                + "<input type=hidden name=SAMLResponse value='" + saml + "'></form>"
                + "<script>document.getElementById('f').submit()</script>";
        String dataUrl = "data:text/html;charset=utf-8;base64,"
                + Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8));
        String answer = "<title>captured</title><img src='https://signin.aws.amazon.com/static/logo.png'>";

        try (ChromiumProcess browser = launch(tmp.resolve("profile"))) {
            CdpPage page = await(CdpPage.create(browser.connection()));

            CompletableFuture<PausedRequest> post = new CompletableFuture<>();
            CompletableFuture<Optional<String>> samlField = new CompletableFuture<>();
            CompletableFuture<Optional<String>> relayField = new CompletableFuture<>();
            CompletableFuture<Void> fulfilled = new CompletableFuture<>();
            CompletableFuture<Void> imageFailed = new CompletableFuture<>();
            List<String> blocked = new CopyOnWriteArrayList<>();
            page.onRequestPaused(r -> {
                if (r.method().equals("POST") && r.url().equals(ACS)) {
                    samlField.complete(FormFields.field(r, "SAMLResponse"));
                    relayField.complete(FormFields.field(r, "RelayState"));
                    post.complete(r);
                    page.fulfill(r.requestId(), 200, Map.of("Content-Type", "text/html; charset=utf-8"),
                            answer.getBytes(StandardCharsets.UTF_8)).whenComplete(relay(fulfilled));
                } else {
                    blocked.add(r.method() + " " + r.url());
                    CompletableFuture<Void> f = page.fail(r.requestId());
                    if (r.url().endsWith("/static/logo.png")) {
                        f.whenComplete(relay(imageFailed));
                    }
                }
            });
            List<String> mainFrameUrls = new CopyOnWriteArrayList<>();
            page.onMainFrameNavigated(mainFrameUrls::add);

            // Network events only to check from the outside what happened to each request.
            Map<String, String> urlByNetworkId = new ConcurrentHashMap<>();
            Map<String, String> failureByUrl = new ConcurrentHashMap<>();
            CompletableFuture<String> imageNetworkError = new CompletableFuture<>();
            browser.connection().addListener(e -> {
                if (!page.sessionId().equals(e.sessionId())) {
                    return;
                }
                if (e.method().equals("Network.requestWillBeSent")) {
                    urlByNetworkId.put(e.params().path("requestId").asText(),
                            e.params().path("request").path("url").asText());
                } else if (e.method().equals("Network.loadingFailed")) {
                    String url = urlByNetworkId.getOrDefault(e.params().path("requestId").asText(), "?");
                    String error = e.params().path("errorText").asText();
                    failureByUrl.put(url, error);
                    if (url.endsWith("/static/logo.png")) {
                        imageNetworkError.complete(error);
                    }
                }
            });
            await(page.send("Network.enable", null));
            await(page.enableFetch(List.of("https://signin.aws.amazon.com/*")));

            assertEquals(Optional.empty(), await(page.navigate(dataUrl)));

            PausedRequest request = await(post);
            assertEquals(Optional.of(saml), await(samlField), "SAMLResponse differs from what the page posted");
            assertEquals(Optional.of(relay), await(relayField));
            assertTrue(request.header("content-type").orElse("").startsWith("application/x-www-form-urlencoded"));
            assertEquals("Document", request.resourceType());
            await(fulfilled);
            await(imageFailed);
            String imageError = await(imageNetworkError); // Chromium 156 says net::ERR_BLOCKED_BY_CLIENT.Inspector
            assertTrue(imageError.startsWith("net::ERR_BLOCKED_BY_CLIENT"), imageError);

            // The fulfilled answer is what the page shows, at the ACS URL.
            JsonNode shown = await(page.evaluate("document.title + ' @ ' + location.href"));
            assertEquals("captured @ " + ACS, shown.asText());
            assertTrue(mainFrameUrls.contains(ACS), mainFrameUrls.toString());
            assertTrue(blocked.stream().allMatch(b -> b.startsWith("GET https://signin.aws.amazon.com/")),
                    blocked.toString());
            assertFalse(failureByUrl.containsValue("net::ERR_NAME_NOT_RESOLVED"),
                    "a request went to DNS: " + failureByUrl.keySet());
        }
    }

    @Test
    void navigationToAClosedLoopbackPortReportsTheErrorText() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ChromiumProcess browser = launch(tmp.resolve("profile"))) {
            CdpPage page = await(CdpPage.create(browser.connection()));
            assertEquals(Optional.of("net::ERR_CONNECTION_REFUSED"),
                    await(page.navigate("http://127.0.0.1:" + port + "/")));
            assertEquals(Optional.empty(), await(page.navigate("about:blank")));
        }
    }

    @Test
    void opensNoTcpPort_andCloseLeavesNoProcessOfTheProfile() throws Exception {
        Path profile = tmp.resolve("profile");
        ChromiumProcess browser = launch(profile);
        try {
            assertTrue(browser.arguments().contains("--remote-debugging-pipe"));
            assertTrue(browser.arguments().stream().noneMatch(a -> a.startsWith("--remote-debugging-port")));
            await(CdpPage.create(browser.connection()));
            List<ProcessHandle> tree = browser.processTree();
            assertTrue(tree.size() > 2, "expected Chromium's helper processes, got " + tree.size());
            assertTrue(profileProcesses(profile).size() >= tree.size());

            Set<String> listening = listeningSocketInodes();
            Set<String> owned = socketInodes(tree);
            assertFalse(owned.isEmpty(), "found no sockets at all: the check would prove nothing");
            owned.retainAll(listening);
            assertTrue(owned.isEmpty(), "the browser listens on TCP: socket inodes " + owned);
            assertFalse(Files.exists(profile.resolve("DevToolsActivePort")));
            assertTrue(Files.isDirectory(profile.resolve(".keyport-home/.config")), "HOME was not isolated");
        } finally {
            browser.close();
        }
        assertFalse(browser.isAlive());
        assertEquals(List.of(), profileProcesses(profile));
        browser.close(); // idempotent
    }

    @Test
    void browserKilledFromOutside_failsPendingCommandsAndCompletesClosed() throws Exception {
        Path profile = tmp.resolve("profile");
        ChromiumProcess browser = launch(profile);
        try {
            CdpPage page = await(CdpPage.create(browser.connection()));
            CompletableFuture<JsonNode> pending = page.evaluate("new Promise(() => {})"); // never answers
            // Make sure the command reached the browser before the kill: a later answer proves the earlier send.
            await(browser.connection().send("Browser.getVersion", null));
            assertFalse(pending.isDone());

            ProcessHandle.of(browser.pid()).orElseThrow().destroyForcibly(); // SIGKILL, as an outsider would

            ExecutionException e = assertThrows(ExecutionException.class, () -> await(pending));
            CdpException cdp = assertInstanceOf(CdpException.class, e.getCause());
            assertTrue(cdp.getMessage().startsWith("browser closed"), cdp.getMessage());
            assertTrue(cdp.isBrowserClosed());
            await(browser.connection().closed());
            assertEquals("browser closed", await(page.closed()));
            assertEquals(137, (int) await(browser.onExit())); // 128 + SIGKILL
            assertFalse(browser.isAlive());
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> await(browser.connection().send("Browser.getVersion", null)));
            assertTrue(late.getCause().getMessage().startsWith("browser closed"));
        } finally {
            browser.close();
        }
        // The orphaned helpers (no longer our descendants) are gone too, and so is the stale profile lock.
        assertEquals(List.of(), profileProcesses(profile));
        assertFalse(Files.exists(profile.resolve("SingletonSocket"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(profile.resolve("SingletonLock"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aMissingExecutableFailsClearly() {
        IOException e = assertThrows(IOException.class,
                () -> new ChromiumLauncher(tmp.resolve("no-such-browser"), tmp.resolve("p")).launch());
        assertTrue(e.getMessage().contains("no-such-browser"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChromiumLauncher(CHROMIUM, tmp)
                .extraArgs(List.of("--remote-debugging-port=9222")));
        // A program that exits at once: the launch fails fast (no wait for the start timeout) and says why.
        IOException exited = assertThrows(IOException.class,
                () -> new ChromiumLauncher(Path.of("/bin/false"), tmp.resolve("q")).launch());
        assertTrue(exited.getMessage().contains("did not start") && exited.getMessage().contains("browser closed"),
                exited.getMessage());
    }

    /** Processes whose command line mentions the profile dir, read from /proc directly (independent of the code). */
    private static List<Long> profileProcesses(Path profile) {
        String needle = profile.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
                return new String(cmd, StandardCharsets.UTF_8).contains(needle);
            } catch (IOException | RuntimeException e) {
                return false; // exited meanwhile
            }
        }).collect(Collectors.toList());
    }

    private static Set<String> listeningSocketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) { // 0A = TCP_LISTEN
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    private static Set<String> socketInodes(List<ProcessHandle> processes) {
        Set<String> inodes = new HashSet<>();
        for (ProcessHandle h : processes) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(h.pid()), "fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // fd closed meanwhile
                    }
                }
            } catch (IOException e) {
                // process exited meanwhile
            }
        }
        return inodes;
    }

    private static <T> java.util.function.BiConsumer<T, Throwable> relay(CompletableFuture<Void> target) {
        return (v, err) -> {
            if (err == null) {
                target.complete(null);
            } else {
                target.completeExceptionally(err);
            }
        };
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;");
    }
}
