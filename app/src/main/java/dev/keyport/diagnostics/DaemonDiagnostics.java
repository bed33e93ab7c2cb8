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
    /** STS refuses requests signed more than 5 minutes off; SAML assertions carry minutes of validity too. */
    static final Duration SKEW_ERROR = Duration.ofMinutes(5);
    static final Duration SKEW_WARNING = Duration.ofMinutes(1);
    static final URI GLOBAL_STS = URI.create("https://sts.amazonaws.com/");

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
        found.add(sessionFile());
        found.add(awsFile("AWS credentials file", files.credentialsFile()));
        found.add(awsFile("AWS config file", files.configFile()));
        found.add(browser());
        found.add(display(System.getenv()));
        found.addAll(plugins());
        found.addAll(proxy(System.getenv(), System.getProperties()));
        found.add(clock());
        return found;
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
            return Diagnosis.error("browser", e.getMessage(), "apt-get install chromium (or set"
                    + " KEYPORT_BROWSER_PATH for the daemon to a Chromium, Chrome or Edge executable), then restart"
                    + " the daemon.");
        }
        ProcessBuilder run = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true);
        run.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = run.start();
            byte[] output = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Diagnosis.error("browser", executable + " --version did not finish within 15 s.",
                        "Run it yourself to see why; reinstall the browser, or set KEYPORT_BROWSER_PATH to another.");
            }
            // The last line: wrapper scripts (Debian's /usr/bin/chromium) may print their own noise first.
            String[] lines = new String(output, StandardCharsets.UTF_8).strip().split("\n");
            String version = dev.keyport.api.text.TerminalText.printable(lines[lines.length - 1].strip());
            if (process.exitValue() != 0) {
                return Diagnosis.error("browser", executable + " does not run (exit " + process.exitValue() + "): "
                        + version, "Reinstall it, or set KEYPORT_BROWSER_PATH to another Chromium-family browser.");
            }
            return Diagnosis.ok("browser", version + " (" + executable + ")");
        } catch (IOException e) {
            return Diagnosis.error("browser", executable + " cannot be started (" + e.getMessage() + ").",
                    "Reinstall it, or set KEYPORT_BROWSER_PATH to another Chromium-family browser.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Diagnosis.warning("browser", "The check was interrupted.", "Run keyport doctor again.");
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
                        "Fix or remove the jar in the plugins folder, then restart the daemon."));
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
        String envProxy = Optional.ofNullable(env.get("HTTPS_PROXY")).or(() -> Optional.ofNullable(
                env.get("https_proxy"))).orElse("");
        if (javaProxy != null && !javaProxy.isBlank()) {
            return List.of(Diagnosis.info("proxy", "The daemon's HTTPS calls go through " + javaProxy + ":"
                    + properties.getProperty("https.proxyPort", "443") + " (https.proxyHost)."));
        }
        if (system) {
            return List.of(Diagnosis.info("proxy", "The daemon's HTTPS calls use the system's proxy settings"
                    + " (java.net.useSystemProxies)."));
        }
        if (!envProxy.isBlank()) {
            URI uri = URI.create(envProxy.contains("://") ? envProxy.strip() : "http://" + envProxy.strip());
            String host = uri.getHost() == null ? "HOST" : uri.getHost();
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            return List.of(Diagnosis.warning("proxy", "HTTPS_PROXY is set, but the daemon's calls to STS and the"
                            + " IdPs do not use it: Java reads its proxy from its own settings.",
                    "Give the daemon KEYPORT_JAVA_OPTS='-Dhttps.proxyHost=" + host + " -Dhttps.proxyPort=" + port
                            + " -Dhttp.nonProxyHosts=localhost|127.0.0.1' and restart it."));
        }
        return List.of(Diagnosis.ok("proxy", "No proxy: the daemon connects directly."));
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
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build();
        Instant sent = clock.instant();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return Diagnosis.warning("clock", "STS at " + endpoint + " cannot be reached (" + e.getClass()
                    .getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "), so the clock"
                    + " was not compared, and starts will fail the same way.", "Check the network and the proxy"
                    + " (see the proxy finding).");
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
