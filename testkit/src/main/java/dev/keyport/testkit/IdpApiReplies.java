package dev.keyport.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/** What the Okta and OneLogin API emulators share: JSON answers that are never cached, and unguessable tokens. */
final class IdpApiReplies {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdpApiReplies() {
    }

    /** A token as the IdPs hand them out: random, URL-safe. */
    static String token() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        TestkitServer.reply(ex, status, "application/json", JSON.writeValueAsString(body));
    }
}
