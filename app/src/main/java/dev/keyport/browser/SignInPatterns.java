package dev.keyport.browser;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The URL patterns a browser sign-in for one session goes by, computed once from the session's provider, the
 * configuration and the session itself ({@code plugin.SessionSignInPatterns}).
 *
 * @param signInPages        regexes for the IdP's sign-in pages: when the page reaches one, the user must act and the
 *                           window comes up at once
 * @param assertionConsumers DevTools Fetch URL patterns where SAML responses are posted (AWS's sign-in endpoints
 *                           first): the response is taken there and never reaches AWS's console
 */
public record SignInPatterns(List<Pattern> signInPages, List<String> assertionConsumers) {
    public SignInPatterns {
        signInPages = List.copyOf(signInPages);
        assertionConsumers = List.copyOf(assertionConsumers);
    }
}
