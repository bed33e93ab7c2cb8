package dev.keyport.login;

import dev.keyport.browser.SignInPatterns;

/**
 * Where and how a session logs in.
 *
 * @param samlUrl  where the IdP login starts
 * @param patterns the session's effective sign-in and assertion-consumer patterns
 */
public record LoginRequest(String samlUrl, SignInPatterns patterns) {
}
