package dev.keyport.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code bash .ci/install-test-deps} puts on the machine for {@link SimpleSamlPhpIdp}: the extracted
 * SimpleSAMLphp package and a php with the extensions it needs. Finds both (or fails with the install command), and
 * runs the short helper commands (php checks, openssl) the IdP needs while it is set up.
 *
 * <p>Missing prerequisites fail with {@link IllegalStateException}: tests using the IdP never skip.
 */
final class SimpleSamlPhpInstall {

    /** Appended to every prerequisite failure, so the message says how to fix it. */
    static final String INSTALL_HINT = "run `bash .ci/install-test-deps` (as root or with sudo) to install PHP "
            + "and extract SimpleSAMLphp into " + SimpleSamlPhpIdp.DEFAULT_PACKAGE_DIR;

    /** The php found and checked once per JVM: the extension check runs php, which costs a process per IdP. */
    private static volatile String checkedPhp;

    private SimpleSamlPhpInstall() {
    }

    /** A finished helper command: its exit code (-1 when it could not run or timed out) and its merged output. */
    record Result(int exit, String output) {
    }

    /**
     * The extraction folder of the .deb: {@code explicit}, else system property
     * {@value SimpleSamlPhpIdp#PACKAGE_PROPERTY}, else {@value SimpleSamlPhpIdp#DEFAULT_PACKAGE_DIR}.
     */
    static Path locatePackage(Path explicit) {
        String configured = explicit != null ? explicit.toString()
                : System.getProperty(SimpleSamlPhpIdp.PACKAGE_PROPERTY);
        Path pkg = Paths.get(configured != null && !configured.isBlank() ? configured
                : SimpleSamlPhpIdp.DEFAULT_PACKAGE_DIR);
        Path marker = pkg.resolve("usr/share/simplesamlphp/www/saml2/idp/SSOService.php");
        if (!Files.isRegularFile(marker)) {
            throw new IllegalStateException("SimpleSAMLphp is not extracted at " + pkg + " (no " + marker + "): "
                    + INSTALL_HINT + (configured != null ? "" : ", or set -D" + SimpleSamlPhpIdp.PACKAGE_PROPERTY
                    + "=<folder>"));
        }
        return pkg;
    }

    /** The php binary (system property {@value SimpleSamlPhpIdp#PHP_PROPERTY}, else {@code php} on PATH), checked. */
    static String locatePhp() {
        String cached = checkedPhp;
        if (cached != null) {
            return cached;
        }
        String configured = System.getProperty(SimpleSamlPhpIdp.PHP_PROPERTY);
        String php = null;
        if (configured != null && !configured.isBlank()) {
            php = Files.isExecutable(Paths.get(configured)) ? configured : null;
        } else {
            for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                if (!p.isEmpty() && Files.isExecutable(Paths.get(p, "php"))) {
                    php = Paths.get(p, "php").toString();
                    break;
                }
            }
        }
        if (php == null) {
            throw new IllegalStateException("php is not installed (" + (configured != null ? configured : "not on PATH")
                    + "): " + INSTALL_HINT);
        }
        // SimpleSAMLphp needs DOM (php8.2-xml), mbstring and openssl; without them it fails obscurely at runtime.
        Result r = run(List.of(php, "-r", "foreach (['dom','mbstring','openssl','session','xml'] as $e) "
                + "{ if (!extension_loaded($e)) { echo $e, ' '; } }"), Duration.ofSeconds(20));
        if (r.exit != 0 || !r.output.isBlank()) {
            throw new IllegalStateException("php at " + php + " lacks extensions [" + r.output.trim() + "] (exit " + r.exit
                    + "): " + INSTALL_HINT);
        }
        checkedPhp = php;
        return php;
    }

    /**
     * Runs a short command to its end with stdin closed; never throws, so callers word the failure themselves (a
     * missing program is exit -1 with the IOException as output).
     */
    static Result run(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
