package dev.keyport.ui;

import dev.keyport.api.model.UiCode;
import dev.keyport.api.model.UiLink;
import dev.keyport.api.model.UiSignIn;
import dev.keyport.console.ConsolePages;
import dev.keyport.daemon.ListeningAddress;
import dev.keyport.api.Problem;
import dev.keyport.api.model.ProblemCode;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Signing a browser in to the daemon's web page. {@code keyport ui} (with the API token) gets a one-time link; the page
 * it opens exchanges the link's code for a cookie and a CSRF token ({@link BrowserSignIns}, {@link BrowserAccess}).
 */
@Path("/api/v1/ui")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UiResource {
    private static final Logger LOG = Logger.getLogger(UiResource.class);

    private final BrowserSignIns signIns;
    private final ListeningAddress address;
    private final ConsolePages pages;

    public UiResource(BrowserSignIns signIns, ListeningAddress address, ConsolePages pages) {
        this.signIns = signIns;
        this.address = address;
        this.pages = pages;
    }

    /**
     * A one-time link to the page (programs with the API token only; the access filter refuses it to browsers). The
     * code is in the URL's fragment, which browsers never send to a server nor put in a Referer.
     */
    @POST
    @Path("/links")
    public Response link(@QueryParam("page") @DefaultValue("true") boolean page) throws IOException {
        String code = signIns.newCode();
        Instant expiresAt = signIns.codeExpiry();
        URI url = URI.create(address.baseUri() + BrowserAccess.PAGE_PREFIX + "#code=" + code);
        // page=false (keyport ui --print): the link goes to the terminal, and no file need hold it.
        String written = page ? pages.write(url, "Opening Keyport").path().toString() : null;
        return Response.ok(new UiLink(url.toString(), written, expiresAt)).header("Cache-Control", "no-store").build();
    }

    /**
     * Ends every browser sign-in and every link not yet used (programs with the API token only: {@code keyport ui
     * --sign-out-all}), for when a link or a browser profile may have been seen by someone else.
     */
    @POST
    @Path("/sign-out-all")
    public Response signOutAll() {
        int ended = signIns.endAll();
        LOG.infof("Ended %d browser sign-in(s) to Keyport's page", ended);
        return Response.ok(java.util.Map.of("ended", ended)).build();
    }

    /** Exchanges a link's code, once, for a sign-in: an HttpOnly, SameSite=Strict, host-only cookie and a CSRF token. */
    @POST
    @Path("/sign-in")
    public Response signIn(UiCode body, @Context HttpServerRequest request) {
        String host = dev.keyport.api.ApiAccessFilter.host(request); // as the access filter read it
        var found = signIns.redeem(body == null ? null : body.code(), host == null ? "" : host);
        if (found.isEmpty()) {
            return Problem.of(ProblemCode.UNAUTHORIZED, "This link to Keyport's page was used already or has expired:"
                    + " each link works once, for a short while. Run 'keyport ui' for a new one.").toResponse();
        }
        var redeemed = found.get();
        long maxAge = Math.max(0, Duration.between(Instant.now(), redeemed.signIn().expiresAt()).toSeconds());
        LOG.infof("A browser signed in to Keyport's page on %s", redeemed.signIn().host());
        return Response.ok(new UiSignIn(redeemed.signIn().csrfToken(), redeemed.signIn().expiresAt()))
                .header("Set-Cookie", cookie(redeemed.cookieValue(), maxAge))
                .header("Cache-Control", "no-store").build();
    }

    /** Ends this browser's sign-in and clears its cookie. */
    @POST
    @Path("/sign-out")
    public Response signOut(@Context HttpServerRequest request) {
        // The access filter let this through only with a live sign-in's cookie and CSRF token.
        for (Cookie cookie : request.cookies(BrowserAccess.cookieName(address.port()))) {
            if (signIns.find(cookie.getValue(), dev.keyport.api.ApiAccessFilter.host(request)).isPresent()) {
                signIns.end(cookie.getValue());
            }
        }
        return Response.noContent().header("Set-Cookie", cookie("", 0)).build();
    }

    /**
     * No Domain (host-only: 127.0.0.1 or localhost, whichever the page was opened on), Path /api/ (the page's files
     * need none), HttpOnly (no script reads it), SameSite=Strict (no other site's page or link sends it).
     */
    private String cookie(String value, long maxAgeSeconds) {
        return BrowserAccess.cookieName(address.port()) + "=" + value + "; Path=/api/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict";
    }
}
