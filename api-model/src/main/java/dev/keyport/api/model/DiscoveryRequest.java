package dev.keyport.api.model;

/**
 * The body of {@code POST /api/v1/assertions/discoveries}: either a {@code samlResponse} in hand, or {@code signIn}
 * true to sign in once at {@code samlUrl} through the browser (as a start would). {@code samlUrl} and {@code region}
 * go into the suggested sessions.
 */
public record DiscoveryRequest(String samlResponse, String samlUrl, String region, Boolean signIn) {
    @Override
    public String toString() {
        return "DiscoveryRequest[samlResponse=" + (samlResponse == null ? "none" : "<redacted>") + ", samlUrl="
                + samlUrl + ", region=" + region + ", signIn=" + signIn + "]";
    }
}
