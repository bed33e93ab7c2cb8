package dev.keyport.api;

import dev.keyport.spi.ErrorCategory;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** An RFC 9457 problem document: every API error has one, with a detail a person can act on. */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCategory category, String detail) {
        return new Problem("urn:keyport:problem:" + category.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                title(category), status(category), detail);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }

    /** The JSON text, for places that write the response themselves (the access filter). */
    public String toJson() {
        return new JsonObject().put("type", type).put("title", title).put("status", status).put("detail", detail).encode();
    }

    static int status(ErrorCategory category) {
        return switch (category) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case REJECTED -> 422;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    private static String title(ErrorCategory category) {
        return switch (category) {
            case INVALID_INPUT -> "Invalid input";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case REJECTED -> "Rejected by the identity provider or AWS";
            case UNAVAILABLE -> "Unavailable";
            case INTERNAL -> "Internal error";
        };
    }
}
