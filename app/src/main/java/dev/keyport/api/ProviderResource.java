package dev.keyport.api;

import dev.keyport.api.model.ProviderDetection;
import dev.keyport.api.model.ProviderView;
import dev.keyport.session.SessionValidator;
import jakarta.ws.rs.QueryParam;
import dev.keyport.plugin.ProviderRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The IdP providers Keyport found: built in, and dropped into the plugins folder (with the reason if set aside). */
@Path("/api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {
    private final ProviderRegistry registry;

    public ProviderResource(ProviderRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<ProviderView> list() {
        return registry.describe().stream().map(p -> ApiViews.provider(p, p.loaded() && registry.byId(p.id())
                .map(provider -> provider.headlessLogin().isPresent()).orElse(false))).toList();
    }

    /** Which provider a session with this SAML URL would get, and why (what the web page shows as it is typed). */
    @GET
    @Path("/detect")
    public ProviderDetection detect(@QueryParam("samlUrl") String samlUrl) {
        List<String> problems = SessionValidator.samlUrlProblems(samlUrl);
        if (!problems.isEmpty()) {
            return new ProviderDetection(null, null, null, null, problems);
        }
        ProviderRegistry.Selection selection = registry.select(java.net.URI.create(samlUrl));
        return new ProviderDetection(selection.provider().id(), selection.provider().displayName(), selection.reason(),
                selection.provider().headlessLogin().isPresent(), List.of());
    }
}
