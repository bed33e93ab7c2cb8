package dev.keyport.api.model;

import java.time.Instant;

/**
 * The web page's side of a browser sign-in ({@code POST /api/v1/ui/sign-in}): the CSRF token to send in
 * {@code X-Keyport-CSRF} with every request, and when the sign-in ends. The cookie travels in Set-Cookie.
 */
public record UiSignIn(String csrfToken, Instant expiresAt) {
    @Override
    public String toString() {
        return "UiSignIn[expiresAt=" + expiresAt + "]";
    }
}
