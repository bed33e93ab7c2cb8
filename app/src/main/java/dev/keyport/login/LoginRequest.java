package dev.keyport.login;

import dev.keyport.browser.SignInPatterns;

/**
 * Where and how a session logs in.
 *
 * @param sessionId  the session signing in (its questions are asked on it); null for a sign-in of no session
 * @param samlUrl    where the IdP login starts
 * @param providerId the session's provider
 * @param flow       browser or headless
 * @param username   the IdP user name for a headless login, or null (then it is asked)
 * @param attended   a person can answer a headless login's questions (false: it asks nothing, sends no push)
 * @param patterns   the session's effective sign-in and assertion-consumer patterns (browser flow)
 */
public record LoginRequest(String sessionId, String samlUrl, String providerId, LoginFlow flow, String username,
                           boolean attended, SignInPatterns patterns) {

    public LoginRequest {
        flow = flow == null ? LoginFlow.BROWSER : flow;
    }

    /** A browser sign-in that belongs to no session ({@code keyport login}). */
    public static LoginRequest browser(String samlUrl, SignInPatterns patterns) {
        return new LoginRequest(null, samlUrl, null, LoginFlow.BROWSER, null, true, patterns);
    }
}
