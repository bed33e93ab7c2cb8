package dev.keyport.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The IdP's signing key and self-signed certificate: made by openssl as PEM files where SimpleSAMLphp's
 * {@code saml20-idp-hosted.php} points, and read back as the {@link X509Certificate} whose public key the STS
 * emulator is given (see {@link SimpleSamlPhpIdp#trustedBy}).
 *
 * <p>openssl (installed by {@code .ci/install-test-deps} for exactly this) writes both as the unencrypted PEM files
 * SimpleSAMLphp reads; a fresh key per IdP, so no key is shared between tests or checked in.
 */
final class SimpleSamlPhpSigningKey {

    private SimpleSamlPhpSigningKey() {
    }

    /** Writes a fresh RSA 2048 key to {@code keyFile} and its SHA-256 certificate (30 days) to {@code certFile}. */
    static X509Certificate create(Path keyFile, Path certFile) {
        SimpleSamlPhpInstall.Result r = SimpleSamlPhpInstall.run(List.of("openssl", "req", "-x509", "-newkey",
                "rsa:2048", "-sha256", "-nodes", "-days", "30", "-subj", "/CN=keyport-test-simplesamlphp-idp",
                "-keyout", keyFile.toString(), "-out", certFile.toString()), Duration.ofSeconds(60));
        if (r.exit() != 0) {
            throw new IllegalStateException("openssl could not create the IdP key (exit " + r.exit() + "): "
                    + r.output() + "\n" + SimpleSamlPhpInstall.INSTALL_HINT);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("openssl wrote an unreadable certificate", e);
        }
    }
}
