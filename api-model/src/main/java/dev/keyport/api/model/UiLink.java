package dev.keyport.api.model;

import java.time.Instant;

/**
 * A one-time link to the daemon's web page ({@code POST /api/v1/ui/links}): {@code url} signs a browser in once, until
 * {@code expiresAt}; {@code page} is a file only the user can read that forwards a browser to it, so the link never
 * has to be a program's argument ({@code null} when asked for with {@code ?page=false}: the link is for a terminal).
 */
public record UiLink(String url, String page, Instant expiresAt) {
    @Override
    public String toString() {
        return "UiLink[page=" + page + ", expiresAt=" + expiresAt + "]";
    }
}
