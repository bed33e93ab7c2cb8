package dev.keyport.api.model;

/** The body of {@code POST /api/v1/assertions/inspect}: a base64 SAMLResponse. */
public record InspectRequest(String samlResponse) {
    @Override
    public String toString() {
        return "InspectRequest[samlResponse=<redacted>]";
    }
}
