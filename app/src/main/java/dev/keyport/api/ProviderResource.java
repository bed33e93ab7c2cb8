package dev.keyport.api;

import dev.keyport.api.model.ProviderView;
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
}
