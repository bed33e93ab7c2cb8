package dev.keyport.api.model;

/**
 * The optional body of {@code POST /api/v1/sessions/{idOrAlias}/start}.
 *
 * @param samlResponse   the IdP's SAMLResponse (base64) to use instead of signing in
 * @param replaceProfile replace a profile section that Keyport did not create (the file is backed up first)
 */
public record StartRequest(String samlResponse, Boolean replaceProfile) {

    @Override
    public String toString() {
        return "StartRequest[samlResponse=" + (samlResponse == null ? "none" : "<redacted>") + ", replaceProfile="
                + replaceProfile + "]";
    }
}
