package dev.keyport.assertion;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a base64 SAMLResponse with OpenSAML through a hardened parser. OpenSAML is initialised on first use, never on
 * the daemon's start-up path (it costs about 0.7 s).
 */
@ApplicationScoped
public class SamlAssertionReader {

    /**
     * @param samlResponse base64 (whitespace tolerated), as an IdP posts it
     * @throws dev.keyport.spi.KeyportException (INVALID_INPUT) naming what is wrong: not base64, too large, not XML,
     *                                          DTD present, not a SAML 2.0 Response...
     */
    public SamlAssertion read(String samlResponse) {
        throw new UnsupportedOperationException("TODO");
    }
}
