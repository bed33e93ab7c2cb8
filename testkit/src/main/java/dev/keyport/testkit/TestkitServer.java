package dev.keyport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;

/**
 * STS emulator plus an assertion mint, for scripts that run outside Maven (benchmarks). Prints exactly one line
 * {@code TESTKIT READY http://127.0.0.1:PORT} on stdout, then serves:
 * <ul>
 *   <li>the STS API at {@code POST /} (see {@link StsEmulator});</li>
 *   <li>{@code GET /_testkit/saml-response?role=ROLE_ARN&provider=PROVIDER_ARN[&idp=okta|google|azure|onelogin]
 *       [&sessionName=NAME][&sessionDuration=SECONDS]}: a freshly signed base64 SAMLResponse (text/plain) granting
 *       that pair; the provider is registered with the signing key on first use.</li>
 * </ul>
 * Options: {@code --provider=ARN} (repeatable; registered at start), {@code --max-session-duration=ROLE_ARN=SECONDS}
 * (repeatable). Stops on stdin EOF or SIGTERM.
 */
public final class TestkitServer implements AutoCloseable {

    public static final String SAML_RESPONSE_PATH = "/_testkit/saml-response";

    private final StsEmulator emulator;
    private final SamlResponseFactory factory;

    /** Starts an emulator and a factory, registers {@code providers} with the factory's key, and the mint route. */
    public TestkitServer(Iterable<String> providers) {
        this.factory = new SamlResponseFactory();
        this.emulator = new StsEmulator();
        for (String p : providers) {
            emulator.registerProvider(p, factory.publicKey());
        }
        emulator.route(SAML_RESPONSE_PATH, this::mint);
    }

    public URI endpoint() {
        return emulator.endpoint();
    }

    public StsEmulator emulator() {
        return emulator;
    }

    public SamlResponseFactory factory() {
        return factory;
    }

    @Override
    public void close() {
        emulator.close();
    }

    public static void main(String[] args) throws Exception {
        java.util.List<String> providers = new java.util.ArrayList<>();
        Map<String, Integer> maxDurations = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--provider=")) {
                providers.add(a.substring("--provider=".length()));
            } else if (a.startsWith("--max-session-duration=")) {
                String v = a.substring("--max-session-duration=".length());
                int eq = v.lastIndexOf('=');
                if (eq < 0) {
                    usage(a);
                }
                maxDurations.put(v.substring(0, eq), Integer.parseInt(v.substring(eq + 1)));
            } else {
                usage(a);
            }
        }
        TestkitServer server = new TestkitServer(providers);
        maxDurations.forEach(server.emulator::maxSessionDuration);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean endOfInput = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // SIGTERM / SIGINT
            server.close();
            stopped.countDown();
        }, "testkit-shutdown"));

        PrintStream out = System.out;
        out.println("TESTKIT READY " + server.endpoint());
        out.flush();

        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // ignore input; EOF stops the server
                }
            } catch (IOException ignored) {
                // treated as EOF
            }
            endOfInput.set(true);
            server.close();
            stopped.countDown();
        }, "testkit-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        stopped.await();
        // Only an end of input is a normal exit. After SIGTERM the JVM is already shutting down with status 143;
        // calling exit(0) here would race with it, and so would returning from main (the launcher reports 0 if it
        // gets there first). So main waits for the signal's shutdown to halt the JVM.
        if (endOfInput.get()) {
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private static void usage(String bad) {
        System.err.println("unknown argument: " + bad);
        System.err.println("usage: TestkitServer [--provider=PROVIDER_ARN]... [--max-session-duration=ROLE_ARN=SECONDS]...");
        System.exit(2);
    }

    private void mint(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) || !SAML_RESPONSE_PATH.equals(ex.getRequestURI().getPath())) {
                reply(ex, 404, "not found\n");
                return;
            }
            Map<String, String> q = new LinkedHashMap<>();
            StsEmulator.parseForm(ex.getRequestURI().getRawQuery(), q);
            String role = q.get("role");
            String provider = q.get("provider");
            if (role == null || role.isBlank() || provider == null || provider.isBlank()) {
                reply(ex, 400, "query parameters role and provider are required\n");
                return;
            }
            String idp = q.getOrDefault("idp", "generic");
            SamlResponseFactory.Builder b = switch (idp) {
                case "okta" -> factory.okta();
                case "google" -> factory.google();
                case "azure" -> factory.azure();
                case "onelogin" -> factory.onelogin();
                case "generic" -> factory.response();
                default -> null;
            };
            if (b == null) {
                reply(ex, 400, "idp must be one of okta, google, azure, onelogin, generic\n");
                return;
            }
            b.rolePair(role, provider);
            if (q.containsKey("sessionName")) {
                b.roleSessionName(q.get("sessionName"));
            }
            if (q.containsKey("sessionDuration")) {
                b.sessionDurationRaw(q.get("sessionDuration"));
            }
            if (!emulator.hasProvider(provider)) {
                emulator.registerProvider(provider, factory.publicKey());
            }
            reply(ex, 200, b.build().base64());
        } catch (RuntimeException e) {
            reply(ex, 500, "testkit failure: " + e.getClass().getName() + "\n");
        } finally {
            ex.close();
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }
}
