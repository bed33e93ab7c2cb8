package dev.keyport.api;

import dev.keyport.api.model.GrantClosed;
import dev.keyport.api.model.ContainerGrant;
import dev.keyport.api.model.ConsoleUrl;
import dev.keyport.api.model.ConsolePage;
import dev.keyport.api.model.StartRequest;
import dev.keyport.api.model.SessionView;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.ProblemCode;
import dev.keyport.console.ConsolePages;
import dev.keyport.console.ConsoleSignIn;
import dev.keyport.delivery.ContainerEndpointDelivery;
import dev.keyport.delivery.Deliveries;
import dev.keyport.daemon.ListeningAddress;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionCatalogue;
import dev.keyport.session.SessionLifecycle;
import dev.keyport.session.SessionStarter;
import dev.keyport.session.SessionTransitions;
import dev.keyport.session.StartOptions;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import dev.keyport.api.model.ChallengeAnswerRequest;
import dev.keyport.login.ChallengeAnswer;
import dev.keyport.login.PendingChallenges;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

import java.util.List;

/** Federated sessions: define them, start and stop them, and read an active session's credentials. */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {
    private final SessionCatalogue catalogue;
    private final SessionStarter starter;
    private final SessionLifecycle lifecycle;
    private final ContainerEndpointDelivery containerGrants;
    private final Deliveries deliveries;
    private final ConsoleSignIn consoleSignIn;
    private final ConsolePages consolePages;
    private final ListeningAddress address;
    private final SseJson sseJson;
    private final PendingChallenges challenges;
    private final SessionViews views;

    public SessionResource(SessionCatalogue catalogue, SessionStarter starter, SessionLifecycle lifecycle,
                           ContainerEndpointDelivery containerGrants, Deliveries deliveries, ConsoleSignIn consoleSignIn,
                           ConsolePages consolePages, ListeningAddress address, SseJson sseJson,
                           PendingChallenges challenges, SessionViews views) {
        this.views = views;
        this.challenges = challenges;
        this.catalogue = catalogue;
        this.starter = starter;
        this.lifecycle = lifecycle;
        this.containerGrants = containerGrants;
        this.deliveries = deliveries;
        this.consoleSignIn = consoleSignIn;
        this.consolePages = consolePages;
        this.address = address;
        this.sseJson = sseJson;
    }

    @GET
    public List<SessionView> list() {
        return catalogue.list().stream().map(this::view).toList();
    }

    @POST
    public Response create(SessionRequest request, @Context UriInfo uri) {
        SessionView created = view(catalogue.create(required(request)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Path("/{idOrAlias}")
    public SessionView get(@PathParam("idOrAlias") String idOrAlias) {
        return view(catalogue.find(idOrAlias));
    }

    @PUT
    @Path("/{idOrAlias}")
    public SessionView update(@PathParam("idOrAlias") String idOrAlias, SessionRequest request) {
        return view(catalogue.update(idOrAlias, required(request)));
    }

    @DELETE
    @Path("/{idOrAlias}")
    public Response delete(@PathParam("idOrAlias") String idOrAlias) {
        lifecycle.delete(idOrAlias);
        return Response.noContent().build();
    }

    /** Starts the session; the body is optional and carries a SAMLResponse for the supplied-assertion flow. */
    @POST
    @Path("/{idOrAlias}/start")
    public SessionView start(@PathParam("idOrAlias") String idOrAlias, StartRequest request) {
        StartOptions options = request == null ? new StartOptions(null, false)
                : new StartOptions(request.samlResponse(), Boolean.TRUE.equals(request.replaceProfile()));
        return view(starter.start(idOrAlias, options));
    }

    @POST
    @Path("/{idOrAlias}/stop")
    public SessionView stop(@PathParam("idOrAlias") String idOrAlias) {
        return ApiViews.stopped(lifecycle.stop(idOrAlias));
    }

    /** Forgets the IdP sign-in Keyport's browser kept for this session: the next start asks the user again. */
    @POST
    @Path("/{idOrAlias}/logout")
    public SessionView logout(@PathParam("idOrAlias") String idOrAlias) {
        return view(lifecycle.logout(idOrAlias));
    }

    /**
     * Opens a container credentials endpoint for the session ({@code keyport exec}): a loopback URL with an
     * unguessable path and a token of its own, to put into AWS_CONTAINER_CREDENTIALS_FULL_URI and
     * AWS_CONTAINER_AUTHORIZATION_TOKEN. Starts the session first if it has no credentials.
     *
     * <p>The answer is a stream of Server-Sent Events that stays open for as long as the grant lives: a {@code grant}
     * event first ({@code fullUri}, {@code authorizationToken}, {@code expiresAt}), then, if the daemon ends the grant
     * (the session stopped, the lifetime passed), a {@code closed} event with the reason. Closing the connection ends
     * the grant: however the run that opened it ends, its endpoint ends with it.
     */
    @POST
    @Path("/{idOrAlias}/container-endpoint")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> openContainerEndpoint(@PathParam("idOrAlias") String idOrAlias,
                                                          @Context Sse sse) {
        GrantEnd end = new GrantEnd();
        FederatedSession session = catalogue.find(idOrAlias);
        starter.credentialsStartingIfNeeded(session.id());
        // Opened under the session's lock while it is active: a stop cannot leave a grant behind it.
        ContainerEndpointDelivery.Grant grant = lifecycle.whileActive(session.id(),
                () -> containerGrants.open(session.id(), session.definition().alias(), end::ended));
        var view = new ContainerGrant(address.baseUri() + ContainerEndpointDelivery.BASE_PATH
                + grant.pathId(), grant.token(), grant.expiresAt());
        return SseKeepAlive.around(Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            emitter.onTermination(() -> containerGrants.revoke(grant.pathId(), "the keyport exec run ended"));
            emitter.emit(sseJson.event(sse, "grant", view).build());
            end.attach(reason -> {
                emitter.emit(sseJson.event(sse, "closed", new GrantClosed(reason)).build());
                emitter.complete();
            });
        }), sse);
    }

    /** Closes a container credentials endpoint (closing the connection that opened it does the same). */
    @DELETE
    @Path("/{idOrAlias}/container-endpoint/{pathId}")
    public Response closeContainerEndpoint(@PathParam("idOrAlias") String idOrAlias,
                                           @PathParam("pathId") String pathId) {
        String sessionId = catalogue.find(idOrAlias).id();
        boolean ofThisSession = containerGrants.find(pathId).filter(g -> g.sessionId().equals(sessionId)).isPresent();
        if (!ofThisSession || !containerGrants.revoke(pathId, "closed through the API")) {
            return Problem.of(ProblemCode.NO_SUCH_GRANT, "No such container credentials endpoint; it has closed already.")
                    .toResponse();
        }
        return Response.noContent().build();
    }

    /**
     * An AWS console sign-in URL for the active session (federation endpoint: getSigninToken, then Action=login).
     * {@code durationSeconds}: the console session's length (900-43200; default keyport.console.session-duration).
     */
    @POST
    @Path("/{idOrAlias}/console")
    public Response console(@PathParam("idOrAlias") String idOrAlias,
                            @QueryParam("durationSeconds") String durationSeconds) {
        java.net.URI url = consoleSignIn.signInUrl(idOrAlias, seconds(durationSeconds));
        return Response.ok(new ConsoleUrl(url.toString())).header("Cache-Control", "no-store").build();
    }

    /**
     * Like {@code .../console}, but the URL goes into a private page ({@link ConsolePages}) and only the page's path
     * is returned: what {@code keyport console} hands to the browser, so that the sign-in token never appears in a
     * process's arguments.
     */
    @POST
    @Path("/{idOrAlias}/console-page")
    public Response consolePage(@PathParam("idOrAlias") String idOrAlias,
                                @QueryParam("durationSeconds") String durationSeconds) throws java.io.IOException {
        java.net.URI url = consoleSignIn.signInUrl(idOrAlias, seconds(durationSeconds));
        ConsolePages.Page page = consolePages.write(url);
        return Response.ok(new ConsolePage(page.path().toString(), page.removeAt())).header("Cache-Control", "no-store")
                .build();
    }

    /** Fresh credentials now, through the session's login flow, for an active session. */
    @POST
    @Path("/{idOrAlias}/refresh")
    public SessionView refresh(@PathParam("idOrAlias") String idOrAlias) {
        return view(starter.refresh(idOrAlias));
    }

    /**
     * Answers the question a headless login of the session waits for ({@code challenge} on the session). 204 when
     * the login has it; 409 when the session waits for no answer, or for another challenge than the one named.
     */
    @POST
    @Path("/{idOrAlias}/challenge")
    public Response answer(@PathParam("idOrAlias") String idOrAlias, ChallengeAnswerRequest request) {
        if (request == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send the answer as JSON: {\"challengeId\","
                    + " \"text\"} for TEXT and SECRET challenges, {\"challengeId\", \"choice\"} for CHOICE, or"
                    + " {\"challengeId\", \"cancel\": true}.");
        }
        FederatedSession session = catalogue.find(idOrAlias);
        challenges.answer(session.id(), session.definition().alias(), request.challengeId(),
                new ChallengeAnswer(request.text(), request.choice(), Boolean.TRUE.equals(request.cancel())));
        return Response.noContent().build();
    }

    /** The same as {@code .../refresh}, under the name API clients of Keyport 0.1 know. */
    @POST
    @Path("/{idOrAlias}/rotate")
    public SessionView rotate(@PathParam("idOrAlias") String idOrAlias) {
        return refresh(idOrAlias);
    }

    /**
     * The active session's credentials in credential_process form (Version 1), from the daemon's memory. With
     * {@code start=true} a session without usable credentials is started (or refreshed) first, through its login
     * flow; while the credentials are valid there is never an IdP round trip.
     */
    @GET
    @Path("/{idOrAlias}/credentials")
    public Response credentials(@PathParam("idOrAlias") String idOrAlias, @QueryParam("start") boolean start) {
        AwsCredentials credentials = start ? starter.credentialsStartingIfNeeded(idOrAlias)
                : starter.credentials(idOrAlias);
        return Response.ok(ApiViews.credentials(credentials)).header("Cache-Control", "no-store").build();
    }

    private SessionView view(FederatedSession session) {
        return views.view(session);
    }

    /**
     * A query parameter of whole seconds; null when absent. Parsed here, not by the framework, which would answer a
     * malformed value with 404 (the JAX-RS rule for query parameters) instead of saying what is wrong.
     */
    private static java.time.Duration seconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "durationSeconds must be a whole number of"
                    + " seconds (900 to 43200).");
        }
    }

    private static dev.keyport.session.SessionDefinition required(SessionRequest request) {
        if (request == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send the session as JSON: {\"alias\", \"profileName\","
                    + " \"region\", \"samlUrl\", \"idpArn\", \"roleArn\"} plus optional \"providerId\" and \"durationSeconds\".");
        }
        return ApiViews.definition(request);
    }
}
