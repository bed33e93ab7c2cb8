package dev.keyport.api;

import dev.keyport.api.model.ChallengeAnswerRequest;
import dev.keyport.api.model.SignInRequest;
import dev.keyport.api.model.SignInResult;
import dev.keyport.login.ChallengeAnswer;
import dev.keyport.login.HeadlessSignIn;
import dev.keyport.login.LoginFlow;
import dev.keyport.login.LoginRequest;
import dev.keyport.login.PendingChallenges;
import dev.keyport.plugin.ProviderRegistry;
import dev.keyport.login.LoginService;
import dev.keyport.plugin.SessionSignInPatterns;
import dev.keyport.session.SessionValidator;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One sign-in, every role ({@code keyport login}): signs in once at a SAML URL through the browser, as a session's
 * start would, or headlessly through the IdP's API (its questions read and answered under the sign-in's own id,
 * {@code .../sign-in/{signInId}/challenge}), and hands back the assertion, so the client can discover its roles, create sessions for those the
 * person picks and start them from it (the existing discover, create and start routes), with one IdP round trip.
 */
@Path("/api/v1/assertions/sign-in")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SignInResource {
    private static final Pattern SIGN_IN_ID = Pattern.compile("[A-Za-z0-9-]{16,64}");

    private final LoginService login;
    private final SessionSignInPatterns patterns;
    private final PendingChallenges challenges;
    private final HeadlessSignIn headless;
    private final ProviderRegistry providers;
    /** The headless sign-ins under way, by key: one sign-in per id. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SignInResource(LoginService login, SessionSignInPatterns patterns, PendingChallenges challenges,
                          HeadlessSignIn headless, ProviderRegistry providers) {
        this.login = login;
        this.patterns = patterns;
        this.challenges = challenges;
        this.headless = headless;
        this.providers = providers;
    }

    @POST
    @Blocking
    public SignInResult signIn(SignInRequest request, @Context HttpServerRequest http) {
        http.response().putHeader("Cache-Control", "no-store"); // the answer is an assertion: kept by no cache
        List<String> problems = SessionValidator.samlUrlProblems(request == null ? null : request.samlUrl());
        if (!problems.isEmpty()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, String.join(" ", problems));
        }
        LoginRequest where = request.loginFlow() == dev.keyport.api.model.LoginFlow.HEADLESS ? headless(request)
                : LoginRequest.browser(request.samlUrl(), patterns.forUrl(request.samlUrl()));
        // Nobody waits for a sign-in whose client went away (a killed keyport login): the login is called off, and
        // its browser closed, rather than left on the IdP's page until the login timeout.
        if (where.sessionId() != null && !running.add(where.sessionId())) {
            throw new KeyportException(ErrorCategory.CONFLICT, "A sign-in with this signInId is under way already;"
                    + " make up a new id for each sign-in.");
        }
        try (ClientWatch watch = new ClientWatch(http)) {
            if (where.sessionId() != null) {
                login.forgetSession(where.sessionId()); // a fresh web client: no cookies of an earlier sign-in
            }
            return new SignInResult(login.obtainSamlResponse(where, null, detail -> { }));
        } finally {
            if (where.sessionId() != null) {
                login.forgetSession(where.sessionId());
                running.remove(where.sessionId());
            }
        }
    }

    /**
     * The question a headless sign-in waits for: 200 with it as soon as one other than {@code after} is open (the
     * answer comes at once if one is), 204 if none opens within 20 seconds (ask again). For a client that has no
     * session, and so no event stream, to hear of it.
     */
    @GET
    @Path("/{signInId}/challenge")
    @Blocking
    public Response challenge(@PathParam("signInId") String signInId, @QueryParam("after") String after,
                              @Context HttpServerRequest http) {
        String key = key(signInId);
        // A client that went away (its sign-in ended, it was killed) holds no thread here for the rest of the wait.
        try (ClientWatch watch = new ClientWatch(http)) {
            return challenges.awaitOther(key, after, Duration.ofSeconds(20))
                    .map(c -> Response.ok(ApiViews.challenge(c)).build()).orElseGet(() -> Response.noContent().build());
        } catch (InterruptedException e) {
            return Response.noContent().build();
        }
    }

    /** Interrupts the request's worker thread if the client closes the connection before the answer is sent. */
    private static final class ClientWatch implements AutoCloseable {
        private final Thread worker = Thread.currentThread();
        private boolean running = true;

        ClientWatch(HttpServerRequest http) {
            http.response().closeHandler(closed -> {
                synchronized (this) {
                    if (running) {
                        worker.interrupt();
                    }
                }
            });
        }

        @Override
        public synchronized void close() {
            running = false;
            Thread.interrupted(); // a worker thread goes back to its pool without a pending interrupt
        }
    }

    /** Answers the question a headless sign-in waits for (as {@code POST /api/v1/sessions/{id}/challenge} does). */
    @POST
    @Path("/{signInId}/challenge")
    public Response answer(@PathParam("signInId") String signInId, ChallengeAnswerRequest request) {
        if (request == null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Send the answer as JSON: {\"challengeId\","
                    + " \"text\"}, {\"challengeId\", \"choice\"} or {\"challengeId\", \"cancel\": true}.");
        }
        challenges.answer(key(signInId), "sign-in " + signInId, request.challengeId(),
                new ChallengeAnswer(request.text(), request.choice(), Boolean.TRUE.equals(request.cancel())));
        return Response.noContent().build();
    }

    private LoginRequest headless(SignInRequest request) {
        String providerId = request.providerId() != null ? request.providerId()
                : providers.select(URI.create(request.samlUrl())).provider().id();
        headless.loginOf(providerId); // refused here, with the way out, when the provider has no headless login
        return new LoginRequest(key(request.signInId()), request.samlUrl(), providerId, LoginFlow.HEADLESS,
                request.username(), true, patterns.forUrl(request.samlUrl()));
    }

    /** A sign-in's key among the challenges: never a session's id, which has no space. */
    private static String key(String signInId) {
        if (signInId == null || !SIGN_IN_ID.matcher(signInId).matches()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "A headless sign-in needs a signInId: 16 to 64"
                    + " letters, digits or '-' that the client makes up (a UUID will do), to read and answer its"
                    + " questions under.");
        }
        return "sign-in " + signInId;
    }
}
