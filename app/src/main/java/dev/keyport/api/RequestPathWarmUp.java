package dev.keyport.api;

import dev.keyport.delivery.ContainerEndpointDelivery;
import dev.keyport.daemon.KeyportHome;
import io.quarkus.vertx.http.DomainSocketServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * As soon as the socket is bound, the daemon sends itself one request over it, so that the classes that answer a
 * request (HTTP codec, router, access filter, REST layer, problem documents) are loaded while file descriptors are
 * plentiful. After start Quarkus opens its jars again on demand; a flood of connections from another user right
 * after start took every descriptor while the first request was loading them, and a class that fails to load or
 * initialise then stays broken (or its loader waits for ever) until restart. The request asks for a grant that
 * cannot exist: it passes the filter without the token and is answered with a problem document.
 */
@Singleton
public class RequestPathWarmUp {
    private static final Logger LOG = Logger.getLogger(RequestPathWarmUp.class);
    /** 43 characters, as a grant id, that no grant has (ids are random base64url). */
    private static final String NO_SUCH_GRANT = "keyport-warm-up-" + "0".repeat(27);

    private final Vertx vertx;
    private final KeyportHome home;

    public RequestPathWarmUp(Vertx vertx, KeyportHome home) {
        this.vertx = vertx;
        this.home = home;
    }

    void onSocketBound(@ObservesAsync DomainSocketServerStart event) {
        long started = System.nanoTime();
        HttpClient client = vertx.createHttpClient();
        client.request(new RequestOptions()
                        .setServer(SocketAddress.domainSocketAddress(home.socket().toString()))
                        .setHost("localhost")
                        .setMethod(HttpMethod.GET)
                        .setURI(ContainerEndpointDelivery.BASE_PATH + NO_SUCH_GRANT))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(done -> {
                    client.close();
                    if (done.failed()) {
                        LOG.debugf("The warm-up request failed: %s", done.cause().getClass().getSimpleName());
                    } else {
                        LOG.debugf("Warm-up request answered %d in %d ms", (Object) done.result(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                });
    }
}
