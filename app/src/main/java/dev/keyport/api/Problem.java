package dev.keyport.api;

import dev.keyport.api.model.ProblemCode;
import dev.keyport.spi.ErrorCategory;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/**
 * An RFC 9457 problem document: every API error has one, with a detail a person can act on and a stable type from the
 * shared catalogue ({@link ProblemCode}), from which the CLI derives its exit code.
 */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCategory category, String detail) {
        return of(code(category), detail);
    }

    public static Problem of(ProblemCode code, String detail) {
        return new Problem(code.type(), code.title(), code.status(), detail);
    }

    /** An error the HTTP layer raised, by status: its code when one names it, else a generic one with the status. */
    public static Problem ofHttpStatus(int status, String title, String detail) {
        ProblemCode code = ProblemCode.forHttpStatus(status);
        return code == ProblemCode.HTTP_ERROR ? new Problem(code.type(), title, status, detail) : of(code, detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }

    /** The JSON text, for places that write the response themselves (the access filter). */
    public String toJson() {
        return new JsonObject().put("type", type).put("title", title).put("status", status).put("detail", detail).encode();
    }

    static ProblemCode code(ErrorCategory category) {
        return switch (category) {
            case INVALID_INPUT -> ProblemCode.INVALID_INPUT;
            case NOT_FOUND -> ProblemCode.NOT_FOUND;
            case CONFLICT -> ProblemCode.CONFLICT;
            case REJECTED -> ProblemCode.REJECTED;
            case UNAVAILABLE -> ProblemCode.UNAVAILABLE;
            case INTERNAL -> ProblemCode.INTERNAL;
        };
    }
}
