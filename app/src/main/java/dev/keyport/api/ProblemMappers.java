package dev.keyport.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Turns every failure into an application/problem+json response. Messages of Keyport exceptions are written for
 * people and carry no secret; anything else is reported by type only, because its message could quote a request body.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response keyport(KeyportException e) {
        if (e.category() == ErrorCategory.INTERNAL) {
            LOG.error(e.getMessage(), e);
        }
        return Problem.of(e.category(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'. Known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".";
        } else if (e instanceof JsonParseException && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            // Jackson's message names the field only ("Duplicate field 'alias'"), never a value.
            String field = e.getOriginalMessage().replaceFirst("^Duplicate field '(.{0,64}?)'.*$", "$1");
            detail = "The field '" + field + "' appears more than once in the request body" + location(e)
                    + "; give each field once.";
        } else if (e instanceof StreamConstraintsException) {
            detail = "The request body is nested or sized beyond what the API accepts" + location(e) + ".";
        } else if (e instanceof JsonParseException) {
            detail = "The request body is not valid JSON" + location(e) + ".";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = "Field '" + mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")) + "' has the wrong type or format.";
        } else {
            detail = "The request body does not have the expected JSON shape" + location(e) + ".";
        }
        return Problem.of(ErrorCategory.INVALID_INPUT, detail).toResponse();
    }

    /** Quarkus has its own mapper for this subtype; this one keeps the answer a problem document. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request could not be read: send JSON with 'Content-Type: application/json'.";
            case 404 -> "No such resource. The API lives under /api/v1; see /api/v1/openapi.";
            case 405 -> "This method is not allowed here; see /api/v1/openapi.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send JSON with 'Content-Type: application/json'.";
            default -> title;
        };
        return Problem.ofHttpStatus(status, title, detail).toResponse();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
