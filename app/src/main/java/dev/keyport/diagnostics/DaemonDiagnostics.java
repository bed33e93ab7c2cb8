package dev.keyport.diagnostics;

import dev.keyport.api.model.Diagnosis;
import dev.keyport.browser.BrowserConfig;
import dev.keyport.browser.BrowserLocator;
import dev.keyport.plugin.ProviderInfo;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.session.SessionStore;
import dev.keyport.spi.KeyportException;
import dev.keyport.sts.StsConfig;
import dev.keyport.sts.StsFederation;
import dev.keyport.writer.AwsFileLocations;
import dev.keyport.writer.AwsFileHealth;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What only the running daemon can tell about itself, for {@code keyport doctor}: the AWS files it writes, the browser
 * it would sign in with and whether it has a display, the plugins it loaded or set aside, its session file, its
 * clock against STS's and the proxy its calls go through. Each finding says how to fix what is wrong.
 */
@Singleton
public class DaemonDiagnostics {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DaemonDiagnostics.class);
    /** STS refuses requests signed more than 5 minutes off; SAML assertions carry minutes of validity too. */
    static final Duration SKEW_ERROR = Duration.ofMinutes(5);
    static final Duration SKEW_WARNING = Duration.ofMinutes(1);
    /** How long the browser may take to print its version, and STS to answer: the doctor is waited on. */
    static final Duration BROWSER_LIMIT = Duration.ofSeconds(15);
    static final Duration STS_LIMIT = Duration.ofSeconds(10);
    static final URI GLOBAL_STS = URI.create("https://sts.amazonaws.com/");
    /** How a changed setting reaches the daemon, run by hand or as the service (whose unit holds its settings). */
    static final String RESTART = "restart the daemon (as a service: run keyport service install again with the"
            + " setting in your environment, which rewrites the unit and restarts it).";

    private final AwsFileLocations files;
    private final BrowserConfig browser;
    private final ProviderRegistry providers;
    private final SessionStore store;
    private final StsConfig sts;
    private final Clock clock;

    public DaemonDiagnostics(@ConfigProperty(name = AwsFileLocations.CREDENTIALS_FILE_KEY) Optional<String> credentials,
                             @ConfigProperty(name = AwsFileLocations.CONFIG_FILE_KEY) Optional<String> config,
                             BrowserConfig browser, ProviderRegistry providers, SessionStore store, StsConfig sts,
                             Clock clock) {
        this.files = AwsFileLocations.resolve(credentials, config);
        this.browser = browser;
        this.providers = providers;
        this.store = store;
        this.sts = sts;
        this.clock = clock;
    }

    public List<Diagnosis> all() {
        List<Diagnosis> found = new ArrayList<>();
        guarded(found, "sessions", () -> List.of(sessionFile()));
        guarded(found, "AWS credentials file", () -> List.of(awsFile("AWS credentials file", files.credentialsFile())));
        guarded(found, "AWS config file", () -> List.of(awsFile("AWS config file", files.configFile())));
        guarded(found, "browser", () -> List.of(browser()));
        guarded(found, "display", () -> List.of(display(System.getenv())));
        guarded(found, "providers", this::plugins);
        guarded(found, "proxy", () -> proxy(System.getenv(), System.getProperties()));
        guarded(found, "STS endpoint", () -> List.of(stsEndpoint()));
        guarded(found, "clock", () -> List.of(clock()));
        return found;
    }

    /** A check that fails is one finding, not the end of the others (its message may hold a setting's value). */
    private static void guarded(List<Diagnosis> found, String check,
                                java.util.function.Supplier<List<Diagnosis>> run) {
        try {
            found.addAll(run.get());
        } catch (RuntimeException e) {
            // The class only: the message may quote a setting (a proxy URL with its password, say).
            LOG.warnf("The doctor's %s check failed: %s", check, e.getClass().getName());
            found.add(Diagnosis.error(check, "The check failed (" + e.getClass().getSimpleName() + ").", "Check the"
                    + " settings it reads; the daemon's log names the failure."));
        }
    }

    private Diagnosis sessionFile() {
        return store.problem().map(p -> Diagnosis.error("sessions", p, "See the message: repair or move the file,"
                        + " then restart the daemon."))
                .orElseGet(() -> Diagnosis.ok("sessions", store.all().size() + " session(s) in " + store.file()));
    }

    /** Writable, and readable by the AWS tools; a line they would refuse is named (Keyport writes nothing there). */
    static Diagnosis awsFile(String what, Path file) {
        return AwsFileHealth.check(what, file)
                .map(p -> Diagnosis.error(what, p.detail(), p.fix()))
                .orElseGet(() -> Diagnosis.ok(what, file + (Files.exists(file) ? " is writable, and the AWS tools can"
                        + " read it." : " does not exist yet; Keyport creates it at the first start.")));
    }

    private Diagnosis browser() {
        Path executable;
        try {
            executable = BrowserLocator.locate(browser.path());
        } catch (KeyportException e) {
            boolean configured = browser.path().filter(p -> !p.isBlank()).isPresent();
            return Diagnosis.error("browser", e.getMessage(), (configured
                    ? "Point KEYPORT_BROWSER_PATH (keyport.browser.path) at a Chromium, Chrome or Edge executable, or"
                            + " unset it to use the one installed"
                    : "Install a Chromium-family browser (Debian/Ubuntu: apt-get install chromium), or set"
                            + " KEYPORT_BROWSER_PATH to one") + "; then " + RESTART);
        }
        // The output goes to a file, not a pipe: a browser (or a wrapper) that keeps running cannot hold the check
        // past its limit, and whatever it leaves running is ended with it.
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("keyport-browser-version", ".txt");
            process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(BROWSER_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                return Diagnosis.error("browser", executable + " --version did not finish within "
                        + BROWSER_LIMIT.toSeconds() + " s.", "Run it yourself to see why; reinstall the browser, or set"
                        + " KEYPORT_BROWSER_PATH to another; then " + RESTART);
            }
            // The last line: wrapper scripts (Debian's /usr/bin/chromium) may print their own noise first.
            String[] lines = new String(readAtMost(output, 4096), StandardCharsets.UTF_8).strip().split("\n");
            String version = dev.keyport.api.text.TerminalText.printable(lines[lines.length - 1].strip());
            if (process.exitValue() != 0) {
                return Diagnosis.error("browser", executable + " does not run (exit " + process.exitValue() + "): "
                        + version, "Reinstall it, or set KEYPORT_BROWSER_PATH to another Chromium-family browser;"
                        + " then " + RESTART);
            }
            return Diagnosis.ok("browser", version + " (" + executable + ")");
        } catch (IOException e) {
            return Diagnosis.error("browser", executable + " cannot be started (" + e.getMessage() + ").",
                    "Reinstall it, or set KEYPORT_BROWSER_PATH to another Chromium-family browser; then " + RESTART);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Diagnosis.warning("browser", "The check was interrupted.", "Run keyport doctor again.");
        } finally {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }

    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit);
        }
    }

    /** A sign-in that needs the person shows a window: the daemon needs a display for that. */
    static Diagnosis display(Map<String, String> env) {
        String x11 = env.get("DISPLAY");
        String wayland = env.get("WAYLAND_DISPLAY");
        if ((x11 != null && !x11.isBlank()) || (wayland != null && !wayland.isBlank())) {
            return Diagnosis.ok("display", "The daemon shows sign-in windows on "
                    + (wayland != null && !wayland.isBlank() ? "Wayland display " + wayland : "X display " + x11)
                    + ".");
        }
        return Diagnosis.warning("display", "The daemon has no display (DISPLAY and WAYLAND_DISPLAY are unset), so a"
                        + " sign-in that needs you cannot show its window; silent refreshes, headless sign-ins and"
                        + " supplied SAML responses still work.",
                "Run the daemon in your desktop session; as a service: systemctl --user import-environment DISPLAY"
                        + " WAYLAND_DISPLAY XAUTHORITY && systemctl --user restart keyport");
    }

    private List<Diagnosis> plugins() {
        List<Diagnosis> found = new ArrayList<>();
        int loaded = 0;
        for (ProviderInfo p : providers.describe()) {
            if (p.loaded()) {
                loaded++;
            } else {
                found.add(Diagnosis.warning("plugin " + p.id(), p.source() + " was set aside: " + p.problem(),
                        "Fix or remove the jar in the plugins folder, then " + RESTART));
            }
        }
        found.add(0, Diagnosis.ok("providers", loaded + " identity provider(s) loaded"
                + (found.isEmpty() ? "" : "; " + found.size() + " plugin(s) set aside") + "."));
        return found;
    }

    /**
     * The daemon's calls (STS, IdP APIs) go through the JVM's proxy settings, which the usual variables do not set:
     * a proxy given only as HTTPS_PROXY is not used, which behind a corporate proxy looks like an unreachable STS.
     */
    static List<Diagnosis> proxy(Map<String, String> env, java.util.Properties properties) {
        String javaProxy = properties.getProperty("https.proxyHost");
        boolean system = Boolean.parseBoolean(properties.getProperty("java.net.useSystemProxies"));
        String envName = env.get("HTTPS_PROXY") != null ? "HTTPS_PROXY" : "https_proxy";
        String envProxy = Optional.ofNullable(env.get(envName)).orElse("");
        if (javaProxy != null && !javaProxy.isBlank()) {
            return List.of(Diagnosis.info("proxy", "The daemon's HTTPS calls go through " + javaProxy + ":"
                    + properties.getProperty("https.proxyPort", "443") + " (https.proxyHost)."));
        }
        if (system) {
            return List.of(Diagnosis.info("proxy", "The daemon's HTTPS calls use the system's proxy settings"
                    + " (java.net.useSystemProxies)."));
        }
        if (!envProxy.isBlank()) {
            String host = "HOST";
            int port = 80;
            try {
                // Only the host and port are used: a user name and password in the variable are never shown.
                URI uri = URI.create(envProxy.contains("://") ? envProxy.strip() : "http://" + envProxy.strip());
                host = uri.getHost() == null ? host : uri.getHost();
                port = uri.getPort() < 0 ? port : uri.getPort();
            } catch (IllegalArgumentException e) {
                // not a URL: the fix shows placeholders
            }
            return List.of(Diagnosis.warning("proxy", envName + " is set, but the daemon's calls to STS and the"
                            + " IdPs do not use it: Java reads its proxy from its own settings.",
                    "Give the daemon KEYPORT_JAVA_OPTS='-Dhttps.proxyHost=" + host + " -Dhttps.proxyPort=" + port
                            + " -Dhttp.nonProxyHosts=localhost|127.0.0.1', then " + RESTART));
        }
        return List.of(Diagnosis.ok("proxy", "No proxy: the daemon connects directly."));
    }

    /** Where assertions go: AWS's own endpoints, or one set for the daemon, which over plain HTTP is a warning. */
    private Diagnosis stsEndpoint() {
        Optional<URI> endpoint;
        try {
            endpoint = StsFederation.endpointFor(sts);
        } catch (KeyportException e) {
            return Diagnosis.error("STS endpoint", e.getMessage(), "See the message.");
        }
        if (endpoint.isEmpty()) {
            return Diagnosis.ok("STS endpoint", "AWS's own, for each session's region.");
        }
        if ("http".equalsIgnoreCase(endpoint.get().getScheme())) {
            return Diagnosis.warning("STS endpoint", "Assertions go to " + endpoint.get() + " in plain HTTP"
                    + " (keyport.sts.endpoint): right for Keyport's test kit, never for real sessions, since whoever"
                    + " holds that port can exchange them for credentials.", "Unset KEYPORT_STS_ENDPOINT for the"
                    + " daemon unless it talks to the test kit; then " + RESTART);
        }
        return Diagnosis.info("STS endpoint", "Assertions go to " + endpoint.get() + " (keyport.sts.endpoint).");
    }

    /** The daemon's clock against STS's, from the Date header of an unsigned request to its endpoint. */
    private Diagnosis clock() {
        URI endpoint;
        try {
            endpoint = StsFederation.endpointFor(sts).orElse(GLOBAL_STS);
        } catch (KeyportException e) {
            return Diagnosis.error("clock", "The STS endpoint is misconfigured: " + e.getMessage(), "See the"
                    + " message.");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .proxy(ProxySelector.getDefault()).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(STS_LIMIT).GET().build();
        Instant sent = clock.instant();
        HttpResponse<Void> response;
        // One limit for the whole exchange, body included (the request's own timeout covers the headers only).
        java.util.concurrent.CompletableFuture<HttpResponse<Void>> exchange =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            response = exchange.get(STS_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            return Diagnosis.warning("clock", "STS at " + endpoint + " did not answer within " + STS_LIMIT.toSeconds()
                    + " s, so the clock was not compared.", "Check the network and the proxy (see the proxy finding).");
        } catch (java.util.concurrent.ExecutionException failed) {
            Throwable e = failed.getCause();
            String why = e instanceof java.net.ConnectException ? "the connection was refused or timed out"
                    : e instanceof java.net.http.HttpTimeoutException ? "it did not answer within 10 s"
                    : e instanceof java.net.UnknownHostException || e.getCause() instanceof
                    java.net.UnknownHostException ? "its name does not resolve"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Diagnosis.warning("clock", "STS at " + endpoint + " cannot be reached (" + why + "), so the clock"
                    + " was not compared, and starts will fail the same way.", "Check the network and the proxy"
                    + " (see the proxy finding).");
        } catch (IllegalArgumentException e) {
            return Diagnosis.warning("clock", "STS's endpoint " + endpoint + " cannot be asked for the time.",
                    "Check keyport.sts.endpoint.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Diagnosis.warning("clock", "The check was interrupted.", "Run keyport doctor again.");
        }
        Instant received = clock.instant();
        return skew(endpoint, response.headers().firstValue("Date"), sent.plus(Duration.between(sent, received)
                .dividedBy(2)));
    }

    static Diagnosis skew(URI endpoint, Optional<String> dateHeader, Instant local) {
        if (dateHeader.isEmpty()) {
            return Diagnosis.warning("clock", "STS at " + endpoint + " answered without a Date header, so the clock"
                    + " was not compared.", "Check that the STS endpoint is STS.");
        }
        Instant remote;
        try {
            remote = ZonedDateTime.parse(dateHeader.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Diagnosis.warning("clock", "STS at " + endpoint + " sent a Date header that is not a date.",
                    "Check that the STS endpoint is STS.");
        }
        Duration off = Duration.between(remote, local);
        String by = "This machine's clock is " + Math.abs(off.toSeconds()) + " s " + (off.isNegative() ? "behind"
                : "ahead of") + " STS's (" + endpoint + ")";
        if (off.abs().compareTo(SKEW_ERROR) > 0) {
            return Diagnosis.error("clock", by + ": STS refuses requests and assertions that far off.",
                    "Set the clock right: timedatectl set-ntp true (or your system's time settings).");
        }
        if (off.abs().compareTo(SKEW_WARNING) > 0) {
            return Diagnosis.warning("clock", by + ".", "Turn on time synchronisation: timedatectl set-ntp true");
        }
        return Diagnosis.ok("clock", by + ", within STS's tolerance.");
    }
}
