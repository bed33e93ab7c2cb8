package dev.keyport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code php -S 127.0.0.1:PORT} process that serves a {@link SimpleSamlPhpFolder}: picks the loopback port,
 * starts php and waits until the IdP's metadata answers, kills the process tree, and starts it again on the same
 * port. It owns the port, so the IdP's URLs are made here.
 *
 * <p>Process state is guarded by this object's monitor: the JVM shutdown hook may {@link #kill()} while a test
 * thread starts or stops the server.
 */
final class SimpleSamlPhpServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** A free port can be taken by someone else before php binds it; a few tries make that race harmless. */
    private static final int PORT_ATTEMPTS = 5;

    private final String php;
    private final SimpleSamlPhpFolder folder;
    // No redirects: the metadata URL itself must answer 200, both to count as ready and for metadataXml().
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private int port;
    private Process process;

    SimpleSamlPhpServer(String php, SimpleSamlPhpFolder folder) {
        this.php = php;
        this.folder = folder;
    }

    /** {@code http://127.0.0.1:PORT/simplesaml/} */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/simplesaml/");
    }

    URI metadataUrl() {
        return baseUrl().resolve("saml2/idp/metadata.php");
    }

    int port() {
        return port;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts php on a free loopback port, calling {@code writeConfig} with the base URL before each try
     * (SimpleSAMLphp's {@code baseurlpath} carries the port); ready when this returns.
     */
    void startOnFreePort(Consumer<URI> writeConfig) {
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            writeConfig.accept(baseUrl()); // baseurlpath carries the port
            if (launch()) {
                return;
            }
        }
        throw new IllegalStateException("php -S could not bind a loopback port in " + PORT_ATTEMPTS + " attempts\n"
                + folder.diagnostics());
    }

    /** Starts php and waits until the metadata answers; false if php exited because the port was taken. */
    synchronized boolean launch() {
        List<String> cmd = List.of(php, "-S", "127.0.0.1:" + port, "-t", folder.docroot().toString(),
                "-d", "session.save_path=" + folder.sessionsDir(),
                "-d", "display_errors=stderr", "-d", "log_errors=0",
                "-d", "error_reporting=" + (32767 & ~8192 & ~2048)); // E_ALL & ~E_DEPRECATED & ~E_STRICT
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.serverLog().toFile()));
        pb.environment().put("SIMPLESAMLPHP_CONFIG_DIR", folder.configDir().toString());
        // One worker, whatever the calling environment says (PHP_CLI_SERVER_WORKERS would fork several): the same
        // server on every machine.
        pb.environment().remove("PHP_CLI_SERVER_WORKERS");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + php + ": " + SimpleSamlPhpInstall.INSTALL_HINT, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = SimpleSamlPhpFolder.tail(folder.serverLog(), 20);
                if (log.contains("Address already in use") || log.contains("Failed to listen")) {
                    return false;
                }
                throw new IllegalStateException("php -S exited with " + process.exitValue() + " during start-up\n"
                        + folder.diagnostics());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(metadataUrl()).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("EntityDescriptor")) {
                    return true;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while starting SimpleSAMLphp", e);
            }
            try {
                Thread.sleep(25); // bounded start-up poll of a child process, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while starting SimpleSAMLphp", e);
            }
        }
        kill();
        throw new IllegalStateException("SimpleSAMLphp metadata at " + metadataUrl() + " not ready within "
                + START_TIMEOUT.toSeconds() + " s (" + last + ")\n" + folder.diagnostics());
    }

    /** Kills php and its children and waits for them; a no-op when not running. */
    synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("php -S (pid " + p.pid() + ") did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The IdP's SAML 2.0 metadata as served now (the IdP must be running). */
    String metadataXml() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metadataUrl()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("IdP metadata answered HTTP " + r.statusCode() + "\n"
                        + folder.diagnostics());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch IdP metadata from " + metadataUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
