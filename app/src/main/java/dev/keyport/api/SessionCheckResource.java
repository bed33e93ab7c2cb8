package dev.keyport.api;

import dev.keyport.api.model.SessionCheck;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.session.SessionCatalogue;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/v1/session-check[?editing=ID_OR_ALIAS]}: what creating (or updating) a session with this definition
 * would say, without storing anything. The web page's form shows the API's own messages next to the fields as they are
 * typed. (Not under /sessions/: any single segment there may be a session's alias.)
 */
@Path("/api/v1/session-check")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionCheckResource {
    private final SessionCatalogue catalogue;

    public SessionCheckResource(SessionCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @POST
    public SessionCheck check(SessionRequest request, @QueryParam("editing") String editing) {
        if (request == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send the session as JSON, as for POST"
                    + " /api/v1/sessions.");
        }
        SessionCatalogue.Check check = catalogue.check(ApiViews.definition(request), editing);
        return new SessionCheck(check.problems(), check.providerId(), check.providerReason());
    }
}
