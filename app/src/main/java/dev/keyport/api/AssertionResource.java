package dev.keyport.api;

import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReader;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;

/** Reads a SAMLResponse and says what is in it, without calling STS. */
@Path("/api/v1/assertions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssertionResource {
    private final SamlAssertionReader reader;
    private final ProviderRegistry providers;

    public AssertionResource(SamlAssertionReader reader, ProviderRegistry providers) {
        this.reader = reader;
        this.providers = providers;
    }

    /** The body of {@code POST /api/v1/assertions/inspect}. */
    public record InspectRequest(String samlResponse) {
        @Override
        public String toString() {
            return "InspectRequest[samlResponse=<redacted>]";
        }
    }

    @POST
    @Path("/inspect")
    public AssertionReport inspect(InspectRequest request) {
        if (request == null || request.samlResponse() == null || request.samlResponse().isBlank()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT,
                    "Send {\"samlResponse\": \"<base64>\"}: the SAMLResponse form field the IdP posts to AWS.");
        }
        SamlAssertion assertion = reader.read(request.samlResponse());
        return AssertionReport.of(assertion, providers.detectFromIssuer(assertion.issuer()), Instant.now());
    }
}
