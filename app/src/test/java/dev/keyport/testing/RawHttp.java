package dev.keyport.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP requests exactly as an attacker writes them: the request target goes on the wire byte for byte (no client
 * library normalises it), over HTTP/1.x on a plain socket or over HTTP/2 (cleartext, prior knowledge).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** What came back. */
    public record Reply(int status, String body) {
    }

    /**
     * One HTTP/1.x request on a fresh connection; {@code headers} are written as given (Host included, or left out),
     * then Connection: close.
     */
    public static Reply http1(int port, String method, String target, String version, Map<String, String> headers,
                              String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " " + version + "\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length)
                        .append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    /**
     * Like {@link #http1}, for an answer that streams (server-sent events): the reply holds the status and the data
     * of the first event, and the connection is closed after it.
     */
    public static Reply http1FirstEvent(int port, String method, String target, Map<String, String> headers)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("Content-Length: 0\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = reader.readLine();
            if (statusLine == null) {
                return new Reply(-1, "");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    return new Reply(status, line.substring(5).strip());
                }
                if (status != 200 && line.startsWith("{")) {
                    return new Reply(status, line);
                }
            }
            return new Reply(status, "");
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int statusEnd = text.indexOf("\r\n");
        if (statusEnd < 0) {
            return new Reply(-1, text);
        }
        int status = Integer.parseInt(text.substring(0, statusEnd).split(" ")[1]);
        int headerEnd = text.indexOf("\r\n\r\n");
        String head = text.substring(0, headerEnd).toLowerCase();
        String rest = text.substring(headerEnd + 4);
        if (head.contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            int i = 0;
            while (i < rest.length()) {
                int lineEnd = rest.indexOf("\r\n", i);
                int size = Integer.parseInt(rest.substring(i, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                body.append(rest, lineEnd + 2, lineEnd + 2 + size);
                i = lineEnd + 2 + size + 2;
            }
            rest = body.toString();
        }
        return new Reply(status, rest);
    }

    /**
     * One HTTP/2 request (h2c with prior knowledge). {@code authority} null sends no :authority (and no Host);
     * the :path is sent as given.
     */
    public static Reply http2(int port, String method, String path, String authority, Map<String, String> headers,
                              String body) throws Exception {
        return http2(port, method, path, authority, headers, body, false);
    }

    /**
     * Like {@link #http2(int, String, String, String, Map, String)}, but for an answer that streams: the reply holds
     * what arrived first, and the stream is dropped then.
     */
    public static Reply http2(int port, String method, String path, String authority, Map<String, String> headers,
                              String body, boolean firstChunkOnly) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false));
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method))
                    .setHost("127.0.0.1").setPort(port).setURI(path);
            var reply = client.request(options).compose(request -> {
                if (authority != null) {
                    request.authority(io.vertx.core.net.HostAndPort.create(authority.split(":")[0],
                            authority.contains(":") ? Integer.parseInt(authority.split(":")[1]) : -1));
                } else {
                    request.authority(null);
                }
                headers.forEach(request::putHeader);
                if (body != null) {
                    request.putHeader("Content-Type", "application/json");
                }
                return (body == null ? request.send() : request.send(Buffer.buffer(body))).compose(response -> {
                    if (!firstChunkOnly) {
                        return response.body().map(b -> new Reply(response.statusCode(), b.toString()));
                    }
                    io.vertx.core.Promise<Reply> first = io.vertx.core.Promise.promise();
                    response.handler(chunk -> first.tryComplete(new Reply(response.statusCode(), chunk.toString())));
                    response.endHandler(v -> first.tryComplete(new Reply(response.statusCode(), "")));
                    return first.future();
                });
            });
            return reply.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
