package dev.keyport.assertion;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a base64 SAMLResponse with OpenSAML through a hardened parser. OpenSAML is initialised on first use, never on
 * the daemon's start-up path (it costs about 0.7 s).
 */
@ApplicationScoped
public class SamlAssertionReader {
    private final long maxSize;
    private final Supplier<List<X509Certificate>> trusted;

    /** CDI constructor: limits and trusted IdP certificates from {@code keyport.assertion.*}. */
    @Inject
    public SamlAssertionReader(AssertionConfig config) {
        this(config.maxSize().asLongValue(), lazily(() -> config.idpCertificates()
                .map(IdpCertificates::load).orElse(List.of())));
    }

    /**
     * @param maxSize largest accepted SAMLResponse, in characters of the base64 text as received (whitespace
     *                included)
     */
    public SamlAssertionReader(long maxSize) {
        this(maxSize, List::of);
    }

    /**
     * @param trusted the IdP signing certificates every assertion's signature must verify with; empty to leave
     *                verifying to AWS
     */
    public SamlAssertionReader(long maxSize, Supplier<List<X509Certificate>> trusted) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("keyport.assertion.max-size must be positive");
        }
        this.maxSize = maxSize;
        this.trusted = trusted;
    }

    /** Read once, on first use, off the start-up path; a bad file is reported at every read until fixed. */
    private static Supplier<List<X509Certificate>> lazily(Supplier<List<X509Certificate>> load) {
        return new Supplier<>() {
            private volatile List<X509Certificate> loaded;

            @Override
            public List<X509Certificate> get() {
                List<X509Certificate> current = loaded;
                if (current == null) {
                    current = load.get();
                    loaded = current;
                }
                return current;
            }
        };
    }

    /**
     * @param samlResponse base64 (whitespace tolerated), as an IdP posts it
     * @throws dev.keyport.spi.KeyportException (INVALID_INPUT) naming what is wrong: not base64, too large, not XML,
     *                                          DTD present, not a SAML 2.0 Response...
     */
    public SamlAssertion read(String samlResponse) {
        return readWithNotes(samlResponse, QuirksLookup.NONE).assertion();
    }

    /** Like {@link #read(String)}, applying the assertion quirks of the provider {@code quirks} names. */
    public SamlAssertion read(String samlResponse, QuirksLookup quirks) {
        return readWithNotes(samlResponse, quirks).assertion();
    }

    /** {@link #readWithNotes(String, QuirksLookup)} with no provider's quirks. */
    public SamlAssertionReading readWithNotes(String samlResponse) {
        return readWithNotes(samlResponse, QuirksLookup.NONE);
    }

    /**
     * Like {@link #read(String, QuirksLookup)}, plus what was tolerated on the way (skipped Role values, a provider's
     * placeholder, copies under an alias...), for {@code inspect}.
     */
    public SamlAssertionReading readWithNotes(String samlResponse, QuirksLookup quirks) {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw invalid("The SAMLResponse is empty. Pass the base64 SAMLResponse form field the identity provider"
                    + " posts to AWS");
        }
        if (samlResponse.length() > maxSize) {
            throw invalid("The SAMLResponse is " + samlResponse.length() + " characters long, more than the limit of "
                    + maxSize + " (keyport.assertion.max-size); it was not decoded. Raise the limit if your identity"
                    + " provider really sends assertions that large");
        }
        byte[] xml = decode(stripWhitespace(samlResponse));
        return SamlResponseParser.get().parse(xml, samlResponse, quirks == null ? QuirksLookup.NONE : quirks,
                trusted.get());
    }

    private static String stripWhitespace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            String hint;
            if (base64.startsWith("<")) {
                hint = " It looks like XML: pass the base64-encoded SAMLResponse, not the decoded assertion";
            } else if (base64.contains("%")) {
                hint = " It contains '%': it looks URL-encoded; URL-decode the form field first";
            } else if (base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0) {
                hint = " It contains '-' or '_' (URL-safe base64); the SAMLResponse uses standard base64 (+ and /)";
            } else {
                hint = "";
            }
            // No cause attached: the decoder's message quotes a character of the input.
            throw invalid("The SAMLResponse is not valid base64." + hint);
        }
    }

    private static KeyportException invalid(String message) {
        return new KeyportException(ErrorCategory.INVALID_INPUT, message);
    }
}
