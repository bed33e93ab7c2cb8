package dev.keyport.api;

import dev.keyport.api.model.SignInRequest;
import dev.keyport.api.model.SignInResult;
import dev.keyport.login.LoginRequest;
import dev.keyport.login.LoginService;
import dev.keyport.plugin.SessionSignInPatterns;
import dev.keyport.session.SessionValidator;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One sign-in, every role ({@code keyport login}): signs in once at a SAML URL through the browser, as a session's
 * start would, and hands back the assertion, so the client can discover its roles, create sessions for those the
 * person picks and start them from it (the existing discover, create and start routes), with one IdP round trip.
 */
@Path("/api/v1/assertions/sign-in")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SignInResource {
    private final LoginService login;
    private final SessionSignInPatterns patterns;

    public SignInResource(LoginService login, SessionSignInPatterns patterns) {
        this.login = login;
        this.patterns = patterns;
    }

    @POST
    @Blocking
    public SignInResult signIn(SignInRequest request, @Context HttpServerRequest http) {
        List<String> problems = SessionValidator.samlUrlProblems(request == null ? null : request.samlUrl());
        if (!problems.isEmpty()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, String.join(" ", problems));
        }
        LoginRequest where = LoginRequest.browser(request.samlUrl(), patterns.forUrl(request.samlUrl()));
        // Nobody waits for a sign-in whose client went away (a killed keyport login): the login is called off, and
        // its browser closed, rather than left on the IdP's page until the login timeout.
        Thread worker = Thread.currentThread();
        AtomicBoolean running = new AtomicBoolean(true);
        http.response().closeHandler(closed -> {
            synchronized (running) {
                if (running.get()) {
                    worker.interrupt();
                }
            }
        });
        try {
            return new SignInResult(login.obtainSamlResponse(where, null, detail -> { }));
        } finally {
            synchronized (running) {
                running.set(false);
                Thread.interrupted(); // a worker thread goes back to its pool without a pending interrupt
            }
        }
    }
}
