package dev.keyport.session;

/**
 * How to start a session.
 *
 * @param samlResponse   an assertion handed in (base64, as the IdP posted it), or null to log in
 * @param replaceProfile replace a profile section Keyport did not create (a backup of the file is kept)
 */
public record StartOptions(String samlResponse, boolean replaceProfile) {

    @Override
    public String toString() {
        return "StartOptions[samlResponse=" + (samlResponse == null ? "none" : "<redacted>") + ", replaceProfile="
                + replaceProfile + "]";
    }
}
