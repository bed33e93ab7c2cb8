package dev.keyport.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.provider.okta.OktaProvider;
import dev.keyport.provider.onelogin.OneLoginProvider;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.testkit.EmulatedUsers;
import dev.keyport.testkit.OneLoginEmulator;
import dev.keyport.testkit.TestkitServer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Benchmark (not a test), run by bench/benchmark.py: a headless login from its start to the SAMLResponse, through the
 * daemon's web client and the real providers, against the test kit's Okta and OneLogin emulators on loopback. The
 * push is polled without a pause (the emulator approves at the second poll), so the figure is Keyport's and the
 * emulator's own time; a real push adds the person. Prints one line per figure.
 */
public final class HeadlessLoginBenchmark {
    private static final String ROLE = "arn:aws:iam::123456789012:role/Bench";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/Bench";

    private HeadlessLoginBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (TestkitServer kit = new TestkitServer(List.of())) {
            kit.okta().app("0oabench", ROLE, PROVIDER);
            kit.oneLogin().app("777", ROLE, PROVIDER);
            OktaProvider okta = new OktaProvider();
            okta.configure(HeadlessLoginsTest.settings(Map.of("push-poll-interval", "PT0S")));
            OneLoginProvider oneLogin = new OneLoginProvider();
            oneLogin.configure(HeadlessLoginsTest.settings(Map.of("client-id", OneLoginEmulator.CLIENT_ID,
                    "client-secret", OneLoginEmulator.CLIENT_SECRET, "api-url", kit.oneLogin().apiUrl("us"),
                    "subdomain", OneLoginEmulator.SUBDOMAIN, "push-poll-interval", "PT0S")));
            URI embed = URI.create(kit.okta().embedLink("0oabench"));
            URI launch = URI.create(kit.oneLogin().launchUrl("777"));
            HeadlessLogin oktaLogin = okta.headlessLogin().orElseThrow();
            HeadlessLogin oneLoginLogin = oneLogin.headlessLogin().orElseThrow();
            String code = EmulatedUsers.TOTP_CODE;
            String password = EmulatedUsers.PASSWORD;

            IdpWebClient kept = web();
            print("Okta, password + TOTP (new web client each time)", runs, () -> oktaLogin.obtainSamlResponse(
                    new HeadlessLogin.Context(embed, "totp", new ScriptedPrompter(password, code), web())));
            oktaLogin.obtainSamlResponse(new HeadlessLogin.Context(embed, "totp", new ScriptedPrompter(password, code),
                    kept));
            print("Okta, refresh re-using the Okta session (nothing asked)", runs, () -> oktaLogin.obtainSamlResponse(
                    new HeadlessLogin.Context(embed, "totp", new ScriptedPrompter(), kept)));
            print("Okta, password + Verify push (2 polls, no pause)", runs, () -> oktaLogin.obtainSamlResponse(
                    new HeadlessLogin.Context(embed, "push", new ScriptedPrompter(password), web())));
            print("OneLogin, password + TOTP (API token kept)", runs, () -> oneLoginLogin.obtainSamlResponse(
                    new HeadlessLogin.Context(launch, "totp", new ScriptedPrompter(password, code), web())));
            print("OneLogin, password + Protect push (2 polls, no pause)", runs, () -> oneLoginLogin
                    .obtainSamlResponse(new HeadlessLogin.Context(launch, "push", new ScriptedPrompter(password),
                            web())));
        }
    }

    private static IdpWebClient web() {
        return new IdpWebClient(new ObjectMapper(), Duration.ofSeconds(10));
    }

    private static void print(String what, int runs, Supplier<String> login) {
        for (int i = 0; i < 3; i++) {
            login.get(); // warm-up: class loading and the JIT
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            if (login.get().isEmpty()) {
                throw new IllegalStateException("empty SAMLResponse");
            }
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        System.out.printf("headless login, %s (ms, n=%d): median %.1f  min %.1f  max %.1f%n", what, runs,
                times.get(runs / 2), times.get(0), times.get(runs - 1));
    }
}
