package dev.keyport.daemon;

import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * Where the daemon's TCP endpoint listens (the port actually bound): the base of every URL the daemon hands out
 * (container credentials grants). URLs are never built from a request's Host header: a request over the Unix domain
 * socket or HTTP/2 may carry none, and the daemon's own address is the only one worth handing out.
 */
@Singleton
public class ListeningAddress {
    private final Instance<HttpServer> server;

    public ListeningAddress(Instance<HttpServer> server) {
        this.server = server;
    }

    /** {@code http://127.0.0.1:PORT}, the daemon's TCP endpoint. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The TCP port the daemon listens on. */
    public int port() {
        return server.get().getPort();
    }
}
