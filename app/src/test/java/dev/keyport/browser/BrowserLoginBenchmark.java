package dev.keyport.browser;

import dev.keyport.daemon.KeyportHome;
import dev.keyport.testkit.SimpleSamlPhpIdp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark (not a test), run by bench/benchmark.py: time from a browser login's start to the captured assertion,
 * against SimpleSAMLphp on loopback with Debian's headless Chromium. "First" wipes the profile, so the sign-in form
 * is shown and filled in; "silent" reuses the IdP's cookies. Prints one line per figure.
 */
public final class BrowserLoginBenchmark {
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/Bench";
    private static final String ROLE = "arn:aws:iam::123456789012:role/Bench";
    private static final String PASSWORD = "bench-password";

    private BrowserLoginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path home = Files.createTempDirectory("keyport-bench-home-");
        try (SimpleSamlPhpIdp idp = SimpleSamlPhpIdp.builder()
                .user("alice", PASSWORD, List.of(ROLE + "," + PROVIDER), "alice@example.com").start()) {
            KeyportHome keyportHome = new KeyportHome(home.toString());
            BrowserProfiles profiles = new BrowserProfiles(keyportHome);
            BrowserLogin login = new BrowserLogin(TestBrowserConfig.headless(Duration.ofSeconds(10), Duration.ofSeconds(60)), profiles);
            login.onLoginWindow(window -> SignIn.typeCredentials(window.page(), "alice", PASSWORD));
            String samlUrl = idp.loginUrl().toString();
            BrowserLogin.Target target = TestBrowserConfig.target(keyportHome, samlUrl,
                    List.of("/simplesaml/module\\.php/core/loginuserpass\\.php"));

            List<Double> first = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                login.forget(samlUrl);
                first.add(timeLogin(login, target));
            }
            List<Double> silent = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                silent.add(timeLogin(login, target));
            }
            System.out.printf("browser login, start to captured assertion, first (sign-in form filled) (ms, n=%d): median %.0f  (runs: %s)%n",
                    runs, median(first), join(first));
            System.out.printf("browser login, start to captured assertion, silent (IdP cookies) (ms, n=%d): median %.0f  (runs: %s)%n",
                    runs, median(silent), join(silent));
        }
    }

    /**
     * Times one login on an idle profile: the previous browser, which closes in the background after a capture
     * (about 1.5 s), is waited for first, as it would long be gone between two real refreshes.
     */
    private static double timeLogin(BrowserLogin login, BrowserLogin.Target target) throws InterruptedException {
        login.awaitIdle(target.samlUrl());
        long start = System.nanoTime();
        String samlResponse = login.login(target, reason -> { });
        double millis = (System.nanoTime() - start) / 1e6;
        if (samlResponse.isEmpty()) {
            throw new IllegalStateException("empty SAMLResponse");
        }
        return millis;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String join(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }
}
