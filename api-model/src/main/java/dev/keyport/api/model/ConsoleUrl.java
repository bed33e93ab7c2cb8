package dev.keyport.api.model;

/** The answer of {@code POST /api/v1/sessions/{idOrAlias}/console}: an AWS console sign-in URL, which is a secret. */
public record ConsoleUrl(String url) {
    @Override
    public String toString() {
        return "ConsoleUrl[<redacted>]";
    }
}
