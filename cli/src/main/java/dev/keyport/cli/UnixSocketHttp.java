package dev.keyport.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over an already connected (and already vetted) Unix domain socket channel. The JDK's HTTP
 * clients speak TCP only; the CLI needs little: a request with an optional JSON body, and a response read whole or as
 * a stream (Server-Sent Events), with Content-Length or chunked framing.
 */
final class UnixSocketHttp {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private UnixSocketHttp() {
    }

    /** A response: status, headers (lower-case names) and the body as a stream that ends where the body ends. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        String bodyText() throws IOException {
            try (InputStream in = body) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Sends the request and reads the status line and headers; the caller reads (and closes) the body. */
    static Response exchange(SocketChannel channel, String method, String path, Map<String, String> headers,
                             byte[] body) throws IOException {
        OutputStream out = Channels.newOutputStream(channel);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.flush();

        InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status");
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        int total = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("response headers too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        InputStream bodyStream;
        if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
            bodyStream = new ChunkedInputStream(in);
        } else if (responseHeaders.containsKey("content-length")) {
            bodyStream = new BoundedInputStream(in, Long.parseLong(responseHeaders.get("content-length")));
        } else {
            bodyStream = in;
        }
        return new Response(status, responseHeaders, bodyStream);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("response line too long");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The body of a response with Content-Length. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The body of a chunked response, de-chunked as it arrives (an event stream never ends on its own). */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        private boolean ensureChunk() throws IOException {
            if (done) {
                return false;
            }
            if (chunkLeft == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                chunkLeft = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (chunkLeft == 0) {
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!ensureChunk()) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed mid-chunk");
            }
            if (--chunkLeft == 0) {
                line(in);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!ensureChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed mid-chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                line(in);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
