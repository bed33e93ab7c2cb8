package dev.keyport.ui;

import dev.keyport.browser.cdp.ChromiumLauncher;
import dev.keyport.browser.cdp.ChromiumProcess;
import dev.keyport.testing.DaemonProcess;

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

/**
 * Benchmark (not a test), run by bench/benchmark.py: how fast the web page shows, from the packaged daemon (./keyport
 * daemon, as a process) in Debian's headless Chromium, with 20 sessions defined. Each run opens a fresh tab on a new
 * one-time link and reads the page's own timings: first contentful paint, and the moment the sessions are on the page
 * ({@code performance.mark("sessions-shown")}). The first run is with an empty browser cache; the others revalidate
 * (ETag, 304). Prints one line per figure.
 */
public final class WebPageBenchmark {
    private WebPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Files.createTempDirectory("keyport-ui-bench-");
        Path home = Files.createDirectory(root.resolve("home"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path aws = Files.createDirectories(root.resolve("aws"));
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), DaemonProcess.environment(home, aws, Map.of()))) {
            if (!daemon.awaitReady()) {
                throw new IllegalStateException("the daemon did not start:\n" + daemon.log());
            }
            String base = "http://127.0.0.1:" + daemon.port();
            String token = Files.readString(home.resolve("api-token")).strip();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 20; i++) {
                String body = "{\"alias\":\"bench-" + i + "\",\"region\":\"eu-west-1\",\"samlUrl\":"
                        + "\"https://acme.okta.com/home/amazon_aws/0oa1/272\",\"idpArn\":"
                        + "\"arn:aws:iam::123456789012:saml-provider/Okta\",\"roleArn\":"
                        + "\"arn:aws:iam::123456789012:role/Role" + i + "\"}";
                send(http, token, base + "/api/v1/sessions", body);
            }
            List<Double> paint = new ArrayList<>();
            List<Double> shown = new ArrayList<>();
            try (ChromiumProcess browser = new ChromiumLauncher(Path.of("/usr/bin/chromium"), root.resolve("profile"))
                    .headless(true).launch()) {
                for (int i = 0; i < runs; i++) {
                    String link = send(http, token, base + "/api/v1/ui/links", "")
                            .replaceFirst("(?s).*\"url\":\"([^\"]+)\".*", "$1");
                    try (BrowserTab tab = BrowserTab.open(browser)) {
                        tab.go(link);
                        tab.waitFor("performance.getEntriesByName('sessions-shown').length > 0"
                                + " && document.querySelectorAll('.card').length === 20");
                        paint.add(tab.eval("performance.getEntriesByName('first-contentful-paint')[0].startTime")
                                .asDouble());
                        shown.add(tab.eval("performance.getEntriesByName('sessions-shown')[0].startTime")
                                .asDouble());
                    }
                }
            }
            System.out.printf("web page, first contentful paint, cold cache then warm (ms, n=%d): first %.0f, median"
                    + " of the rest %.0f  (runs: %s)%n", runs, paint.get(0), median(paint.subList(1, runs)),
                    join(paint));
            System.out.printf("web page, 20 sessions shown (ms, n=%d): first %.0f, median of the rest %.0f  (runs:"
                    + " %s)%n", runs, shown.get(0), median(shown.subList(1, runs)), join(shown));
        }
    }

    private static String send(HttpClient http, String token, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String join(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }
}
