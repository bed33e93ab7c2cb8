package dev.keyport.session;

/**
 * How to start a session.
 *
 * @param samlResponse   an assertion handed in (base64, as the IdP posted it), or null to log in
 * @param replaceProfile replace a profile section Keyport did not create (a backup of the file is kept)
 * @param attended       a person asked for it and can answer a headless sign-in's questions; false for what the
 *                       daemon does by itself (a scheduled refresh, a start on demand for credential_process)
 */
public record StartOptions(String samlResponse, boolean replaceProfile, boolean attended) {

    public StartOptions(String samlResponse, boolean replaceProfile) {
        this(samlResponse, replaceProfile, true);
    }

    @Override
    public String toString() {
        return "StartOptions[samlResponse=" + (samlResponse == null ? "none" : "<redacted>") + ", replaceProfile="
                + replaceProfile + ", attended=" + attended + "]";
    }
}
