package dev.keyport.assertion;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How Keyport reads and checks SAML assertions ({@code keyport.assertion.*}). */
@ConfigMapping(prefix = "keyport.assertion")
public interface AssertionConfig {

    /**
     * {@code keyport.assertion.max-size}: the largest SAMLResponse accepted, counted in characters of the base64 text
     * as received (whitespace included), e.g. {@code 1M} or {@code 512K}. Larger input is refused before it is
     * decoded or parsed. Default {@code 1M}, the same as the HTTP body limit.
     */
    @WithDefault("1M")
    MemorySize maxSize();

    /**
     * {@code keyport.assertion.clock-skew}: how far this computer's clock may lag behind the identity provider's
     * before an assertion whose NotBefore lies in the future is refused as "not yet valid", as an ISO-8601 duration
     * (e.g. {@code PT2M}) or a Quarkus duration (e.g. {@code 90s}). Expiry (NotOnOrAfter) gets no allowance: STS
     * refuses expired assertions itself. Default {@code PT2M}.
     */
    @WithDefault("PT2M")
    Duration clockSkew();

    /**
     * {@code keyport.assertion.idp-certificates}: PEM files with the signing certificates of the identity providers
     * you use (each file may hold several). When set, every assertion must carry a signature that verifies with one of
     * them, or it is refused; inspect says which one verified it. When not set, Keyport reads only the signed part but
     * leaves verifying the signature to AWS.
     */
    Optional<List<String>> idpCertificates();
}
