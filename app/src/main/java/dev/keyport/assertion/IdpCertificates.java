package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The identity providers' signing certificates the user trusts ({@code keyport.assertion.idp-certificates}). */
final class IdpCertificates {
    private IdpCertificates() {
    }

    /**
     * Reads every certificate in the given PEM (or DER) files.
     *
     * @throws KeyportException INVALID_INPUT naming the file that cannot be read or holds no certificate
     */
    static List<X509Certificate> load(List<String> files) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file.strip());
            try (InputStream in = Files.newInputStream(path)) {
                int before = certificates.size();
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) c);
                }
                if (certificates.size() == before) {
                    throw new CertificateException("no certificate");
                }
            } catch (IOException | CertificateException e) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT, "keyport.assertion.idp-certificates names "
                        + path + ", which is not a readable PEM file with the identity provider's signing certificate ("
                        + e.getClass().getSimpleName() + "). Fix the path or the file.");
            }
        }
        return List.copyOf(certificates);
    }
}
