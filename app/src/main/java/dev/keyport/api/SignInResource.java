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
import jakarta.ws.rs.core.MediaType;

import java.util.List;

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
    public SignInResult signIn(SignInRequest request) {
        List<String> problems = SessionValidator.samlUrlProblems(request == null ? null : request.samlUrl());
        if (!problems.isEmpty()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, String.join(" ", problems));
        }
        LoginRequest where = new LoginRequest(request.samlUrl(), patterns.forUrl(request.samlUrl()));
        return new SignInResult(login.obtainSamlResponse(where, null, detail -> { }));
    }
}
