package dev.keyport.api;

import dev.keyport.api.model.DiscoveredSession;
import dev.keyport.api.model.Discovery;
import dev.keyport.api.model.DiscoveryRequest;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.assertion.SamlAssertion;
import dev.keyport.assertion.SamlAssertionReader;
import dev.keyport.login.HeldAssertions;
import dev.keyport.login.LoginRequest;
import dev.keyport.login.LoginService;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.plugin.SessionSignInPatterns;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionCatalogue;
import dev.keyport.session.SessionDiscovery;
import dev.keyport.session.SessionStarter;
import dev.keyport.session.SessionValidator;
import dev.keyport.session.StartOptions;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import io.vertx.core.http.HttpServerRequest;
import dev.keyport.ui.BrowserAccess;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * One sign-in, every role, with the assertion kept in the daemon: a discovery reads the roles of an assertion (given,
 * or from one browser sign-in) and holds it under a handle ({@link HeldAssertions}); sessions for the roles the person
 * picks are then created and started from it. Unlike {@code .../sign-in}, the client never receives an assertion it
 * did not have, which is what the web page needs: its sign-in must not be a way to credentials.
 */
@Path("/api/v1/assertions/discoveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DiscoveryResource {
    private final SamlAssertionReader reader;
    private final ProviderRegistry providers;
    private final SessionCatalogue sessions;
    private final SessionStarter starter;
    private final LoginService login;
    private final SessionSignInPatterns patterns;
    private final HeldAssertions held;
    private final SessionViews views;
    private final BrowserAccess browsers;

    public DiscoveryResource(SamlAssertionReader reader, ProviderRegistry providers, SessionCatalogue sessions,
                             SessionStarter starter, LoginService login, SessionSignInPatterns patterns,
                             HeldAssertions held, SessionViews views, BrowserAccess browsers) {
        this.browsers = browsers;
        this.reader = reader;
        this.providers = providers;
        this.sessions = sessions;
        this.starter = starter;
        this.login = login;
        this.patterns = patterns;
        this.held = held;
        this.views = views;
    }

    @POST
    @Blocking
    public Response discover(DiscoveryRequest request, @Context HttpServerRequest http) {
        if (request == null || (!Boolean.TRUE.equals(request.signIn())
                && (request.samlResponse() == null || request.samlResponse().isBlank()))) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send {\"samlResponse\": \"<base64>\"}, or"
                    + " {\"signIn\": true, \"samlUrl\": \"...\"} to sign in once at the IdP; add the \"samlUrl\" the"
                    + " sessions should sign in at and a \"region\".");
        }
        List<String> urlProblems = SessionValidator.samlUrlProblems(request.samlUrl());
        if (!urlProblems.isEmpty()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, String.join(" ", urlProblems));
        }
        String samlResponse = Boolean.TRUE.equals(request.signIn())
                ? login.obtainSamlResponse(LoginRequest.browser(request.samlUrl(), patterns.forUrl(request.samlUrl())),
                null, detail -> { })
                : request.samlResponse().replaceAll("\\s+", "");
        SamlAssertion assertion = reader.read(samlResponse, providers.quirksFor(null));
        if (assertion.encrypted()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The assertion is encrypted, so Keyport cannot"
                    + " read its roles. Create the sessions with the role and IdP ARNs from IAM instead.");
        }
        HeldAssertions.Handle handle = held.hold(samlResponse, browsers.requester(http));
        var suggestions = SessionDiscovery.suggest(assertion, request.samlUrl(), request.region(), sessions.list())
                .stream().map(ApiViews::suggestion).toList();
        return Response.ok(new Discovery(handle.id(), handle.expiresAt(), suggestions))
                .header("Cache-Control", "no-store").build();
    }

    /**
     * Creates a session for each definition and, with {@code start=true}, starts it from the held assertion. Each one
     * succeeds or fails on its own; the answer says which. The assertion is let go of once all of them worked.
     */
    @POST
    @Path("/{discoveryId}/sessions")
    @Blocking
    public List<DiscoveredSession> create(@PathParam("discoveryId") String discoveryId,
                                          @QueryParam("start") boolean start, List<SessionRequest> requests,
                                          @Context HttpServerRequest http) {
        String samlResponse = held.get(discoveryId, browsers.requester(http)).orElseThrow(() -> new KeyportException(ErrorCategory.NOT_FOUND,
                "That discovery has ended (they last five minutes, and end once used): read the roles again."));
        if (requests == null || requests.isEmpty()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send a list of sessions to create, as for POST"
                    + " /api/v1/sessions.");
        }
        SamlAssertion assertion = reader.read(samlResponse, providers.quirksFor(null));
        List<DiscoveredSession> results = new ArrayList<>();
        for (SessionRequest request : requests) {
            {
                String alias = request == null ? null : request.alias();
                if (request == null || assertion.rolePairs().stream().noneMatch(pair -> pair.roleArn()
                        .equals(request.roleArn()) && pair.idpArn().equals(request.idpArn()))) {
                    // Only the roles the assertion offers: nothing else is made from a discovery.
                    results.add(new DiscoveredSession(alias, null, "The assertion does not offer role "
                            + (request == null ? null : request.roleArn()) + " through "
                            + (request == null ? null : request.idpArn()) + "; nothing was created for it."));
                    continue;
                }
                try {
                    FederatedSession created = sessions.create(ApiViews.definition(request));
                    FederatedSession result = start
                            ? starter.start(created.id(), new StartOptions(samlResponse, false)) : created;
                    results.add(new DiscoveredSession(alias, views.view(result), null));
                } catch (KeyportException e) {
                    results.add(new DiscoveredSession(alias, sessions.byId(aliasOrNull(alias)).map(views::view)
                            .orElse(null), e.getMessage()));
                }
            }
        }
        if (results.stream().allMatch(r -> r.problem() == null)) {
            held.release(discoveryId); // kept otherwise, so the person can fix an alias and try again
        }
        return results;
    }

    private String aliasOrNull(String alias) {
        if (alias == null) {
            return "";
        }
        return sessions.list().stream().filter(s -> s.definition().hasAlias(alias)).map(FederatedSession::id)
                .findFirst().orElse("");
    }
}
