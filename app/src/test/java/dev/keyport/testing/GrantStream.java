package dev.keyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A container credentials grant as {@code keyport exec} holds one: a connection to the daemon that stays open, whose
 * first Server-Sent Event is the grant. Closing it ends the grant. Plain HTTP/1.1 on a socket, so "closing" means the
 * connection really closes.
 */
public final class GrantStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Socket socket;
    private final BufferedReader in;
    private final JsonNode grant;

    private GrantStream(Socket socket, BufferedReader in, JsonNode grant) {
        this.socket = socket;
        this.in = in;
        this.grant = grant;
    }

    /** Opens a grant for the session on the daemon at {@code port}; fails with the daemon's answer if refused. */
    public static GrantStream open(int port, String apiToken, String session) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/sessions/" + session + "/container-endpoint HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + apiToken + "\r\n"
                + "Accept: text/event-stream\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (status == null || !status.contains(" 200 ")) {
            socket.close();
            throw new IOException("the daemon refused the grant: " + status);
        }
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // headers
        }
        GrantStream stream = new GrantStream(socket, in, null);
        String[] first = stream.nextEvent();
        if (!"grant".equals(first[0])) {
            socket.close();
            throw new IOException("expected a grant event, got " + first[0]);
        }
        return new GrantStream(socket, in, JSON.readTree(first[1]));
    }

    public String fullUri() {
        return grant.get("fullUri").asText();
    }

    public String token() {
        return grant.get("authorizationToken").asText();
    }

    public JsonNode grant() {
        return grant;
    }

    /**
     * The next event on the stream (name, data), reading through the chunked framing; null when the stream ended.
     * Blocks until the daemon sends one.
     */
    public String[] nextEvent() throws IOException {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && data.length() > 0) {
                return new String[]{name, data.toString()};
            }
            // chunk-size lines and other framing carry no event
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
