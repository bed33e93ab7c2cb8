package dev.keyport.browser.cdp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * One DevTools event as received.
 *
 * @param method    the event name, e.g. {@code Fetch.requestPaused}
 * @param params    the event parameters (an empty object when absent); may contain secrets such as POST bodies
 * @param sessionId the flattened session the event belongs to, or {@code null} for browser-level events
 */
public record CdpEvent(String method, JsonNode params, String sessionId) {

    /** The session id, if the event came from an attached target. */
    public Optional<String> session() {
        return Optional.ofNullable(sessionId);
    }

    /** Never prints {@code params}: a {@code Fetch.requestPaused} event carries the SAML response. */
    @Override
    public String toString() {
        return "CdpEvent[" + method + (sessionId == null ? "" : " session=" + sessionId) + "]";
    }
}
