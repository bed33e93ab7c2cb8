package dev.keyport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IdP's own temp folder and its layout: {@code config/}, {@code metadata/}, {@code cert/} (key and certificate),
 * {@code log/}, {@code data/}, {@code tmp/}, {@code sessions/} and {@code docroot/}, whose {@code simplesaml} link
 * points at the package's {@code www}. Everything the IdP writes lives here, so deleting it leaves nothing behind;
 * it also reads the logs back for failure messages.
 *
 * @param dir the folder itself ({@code keyport-ssp-*} under java.io.tmpdir)
 * @param configDir SimpleSAMLphp's config folder (SIMPLESAMLPHP_CONFIG_DIR)
 * @param metadataDir the hosted IdP's and the remote SP's metadata
 * @param keyFile the IdP's PEM private key
 * @param certFile the IdP's PEM certificate
 * @param docroot what {@code php -S} serves
 * @param sessionsDir PHP's session files, kept across a stop and start
 * @param serverLog the output of {@code php -S}
 */
record SimpleSamlPhpFolder(Path dir, Path configDir, Path metadataDir, Path keyFile, Path certFile, Path docroot,
        Path sessionsDir, Path serverLog) {

    /** Creates a fresh folder for the package rooted at {@code packageRoot} ({@code .../usr/share/simplesamlphp}). */
    static SimpleSamlPhpFolder create(Path packageRoot) {
        try {
            Path dir = Files.createTempDirectory("keyport-ssp-");
            Path configDir = Files.createDirectory(dir.resolve("config"));
            Path metadataDir = Files.createDirectory(dir.resolve("metadata"));
            Path certDir = Files.createDirectory(dir.resolve("cert"));
            for (String d : List.of("log", "data", "tmp", "sessions", "docroot")) {
                Files.createDirectory(dir.resolve(d));
            }
            Path sessionsDir = dir.resolve("sessions");
            Path docroot = dir.resolve("docroot");
            // A link, not a copy: the package stays read-only and shared, only config and state are per IdP.
            Files.createSymbolicLink(docroot.resolve("simplesaml"), packageRoot.resolve("www"));
            Path serverLog = dir.resolve("log/php-server.log");
            Path keyFile = certDir.resolve("idp.key");
            Path certFile = certDir.resolve("idp.crt");
            return new SimpleSamlPhpFolder(dir, configDir, metadataDir, keyFile, certFile, docroot, sessionsDir,
                    serverLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SimpleSAMLphp test folder", e);
        }
    }

    /** The tail of PHP's server output and of SimpleSAMLphp's own log, for failure messages. */
    String diagnostics() {
        return "--- php -S output (tail) ---\n" + tail(serverLog, 40) + "\n--- simplesamlphp.log (tail) ---\n"
                + tail(dir.resolve("log/simplesamlphp.log"), 40);
    }

    /** The last {@code lines} lines of {@code file}, or a note saying why there are none; never throws. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Deletes the folder, best effort (php is stopped first, so nothing writes into it any more). */
    void delete() {
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) { // does not follow the docroot symlink
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
