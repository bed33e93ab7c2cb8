package dev.keyport.api.model;

/** The body of {@code POST /api/v1/ui/sign-in}: the one-time code from the link's fragment. */
public record UiCode(String code) {
    @Override
    public String toString() {
        return "UiCode[<redacted>]";
    }
}
