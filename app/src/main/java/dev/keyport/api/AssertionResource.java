package dev.keyport.api;

import dev.keyport.api.model.InspectRequest;
import dev.keyport.api.model.DiscoverRequest;
import dev.keyport.api.model.SessionSuggestion;
import dev.keyport.api.model.AssertionReport;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReader;
import dev.keyport.assertion.SamlAssertionReading;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.session.SessionDiscovery;
import dev.keyport.session.SessionCatalogue;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** Reads a SAMLResponse and says what is in it and which sessions it could back, without calling STS. */
@Path("/api/v1/assertions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssertionResource {
    private final SamlAssertionReader reader;
    private final ProviderRegistry providers;
    private final SessionCatalogue sessions;

    public AssertionResource(SamlAssertionReader reader, ProviderRegistry providers, SessionCatalogue sessions) {
        this.reader = reader;
        this.providers = providers;
        this.sessions = sessions;
    }

    /**
     * Role discovery: one suggested session per role pair in the assertion (alias and profile suggested, existing
     * sessions for the same role flagged), ready to POST to /api/v1/sessions. Creates nothing, calls no STS.
     */
    @POST
    @Path("/discover")
    public List<SessionSuggestion> discover(DiscoverRequest request) {
        if (request == null || request.samlResponse() == null || request.samlResponse().isBlank()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send {\"samlResponse\": \"<base64>\"} and,"
                    + " optionally, the \"samlUrl\" the sessions should log in at and a \"region\".");
        }
        SamlAssertion assertion = reader.read(request.samlResponse(), providers.quirksFor(null));
        if (assertion.encrypted()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The assertion is encrypted, so Keyport cannot"
                    + " read its roles. Create the sessions with the role and IdP ARNs from IAM instead.");
        }
        return SessionDiscovery.suggest(assertion, request.samlUrl(), request.region(), sessions.list()).stream()
                .map(ApiViews::suggestion).toList();
    }

    @POST
    @Path("/inspect")
    public AssertionReport inspect(InspectRequest request) {
        if (request == null || request.samlResponse() == null || request.samlResponse().isBlank()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT,
                    "Send {\"samlResponse\": \"<base64>\"}: the SAMLResponse form field the IdP posts to AWS.");
        }
        SamlAssertionReading reading = reader.readWithNotes(request.samlResponse(), providers.quirksFor(null));
        return ApiViews.report(reading, providers.detectFromIssuer(reading.assertion().issuer()), Instant.now());
    }
}
