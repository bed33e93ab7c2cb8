package dev.keyport.api.model;

/** The body of {@code POST /api/v1/assertions/discover}: the assertion, and what it cannot tell. */
public record DiscoverRequest(String samlResponse, String samlUrl, String region) {
    @Override
    public String toString() {
        return "DiscoverRequest[samlResponse=<redacted>, samlUrl=" + samlUrl + ", region=" + region + "]";
    }
}
