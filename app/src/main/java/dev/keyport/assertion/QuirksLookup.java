package dev.keyport.assertion;

import dev.keyport.spi.IdpProvider;

import java.util.Optional;

/**
 * Which provider's assertion quirks apply to an assertion, asked once its Issuer is known: the session's provider at a
 * start, the provider recognising the issuer for {@code inspect}.
 */
@FunctionalInterface
public interface QuirksLookup {
    /** No provider: only the quirks every IdP gets (trimming, either pair order, trailing commas). */
    QuirksLookup NONE = issuer -> Optional.empty();

    /** @param issuer the Response's (else the Assertion's) Issuer, empty when it has none */
    Optional<IdpProvider> providerFor(String issuer);
}
