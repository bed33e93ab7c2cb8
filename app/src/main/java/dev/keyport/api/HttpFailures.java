package dev.keyport.api;

import dev.keyport.api.model.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Failures that happen in the HTTP layer, before or beside a resource method (a request Vert.x cannot route, a body
 * over the size limit), get a problem document like every other error, instead of the framework's own page, which
 * can name exception classes and stack frames. Errors from resource methods are mapped by {@link ProblemMappers}.
 */
@Singleton
public class HttpFailures {
    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        Problem problem;
        if (failure != null && String.valueOf(failure.getMessage()).contains(":authority")) {
            problem = Problem.of(ProblemCode.MALFORMED_REQUEST, "The request names no host (no Host header, no HTTP/2"
                    + " :authority). Send 'Host: 127.0.0.1:PORT' or 'Host: localhost:PORT'.");
        } else if (status == 413) {
            problem = Problem.of(ProblemCode.TOO_LARGE, "The request body is larger than the daemon accepts (2 MB;"
                    + " a SAMLResponse may be up to keyport.assertion.max-size).");
        } else if (status >= 400 && status < 500) {
            String title = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
            problem = Problem.ofHttpStatus(status, title, "The daemon could not read the request (HTTP " + status + ": "
                    + title + ").");
        } else {
            // Type only: a message could quote the request.
            LOG.errorf("HTTP request to %s failed: %s", ctx.normalizedPath(),
                    failure == null ? "status " + status : failure.getClass().getName());
            problem = Problem.of(ProblemCode.INTERNAL, "The daemon failed to answer; see its log.");
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problem.toJson());
    }
}
