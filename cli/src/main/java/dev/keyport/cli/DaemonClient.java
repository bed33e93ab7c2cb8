package dev.keyport.cli;

import dev.keyport.api.home.HomeLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's side of the daemon's REST API: requests and their answers, event streams, and the daemon's
 * problem+json turned into {@link CliException}s with the daemon's own explanation. It talks only over a connection
 * {@link DaemonSocket} has vetted (the user's own daemon, in the daemon's home), and sends the API token over nothing
 * else. Built without a JSON library, so the commands that run for every AWS call ({@code credential-process}) start
 * as fast as the JVM allows.
 */
final class DaemonClient {
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A start may wait for the user to sign in in a browser (keyport.browser.login-timeout, 5 min). */
    private static final long ANSWER_TIMEOUT_MILLIS = 15 * 60 * 1000;

    private final DaemonSocket daemon;

    DaemonClient(Path home) {
        this.daemon = new DaemonSocket(home);
    }

    /** The home as the daemon would resolve it from the environment. */
    static DaemonClient fromEnvironment() {
        return new DaemonClient(DaemonSocket.homeFromEnvironment());
    }

    /** The daemon whose home is {@code home} as given on the command line ({@code ~} is the user's home). */
    static DaemonClient forHome(String home) {
        return new DaemonClient(HomeLayout.expand(home).toAbsolutePath().normalize());
    }

    Path home() {
        return daemon.home();
    }

    /** A response: status and body text (JSON, or problem+json on errors). */
    record Response(int status, String body) {
    }

    String get(String path) {
        return send("GET", path, null).body();
    }

    String post(String path, String jsonBody) {
        return send("POST", path, jsonBody).body();
    }

    String put(String path, String jsonBody) {
        return send("PUT", path, jsonBody).body();
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    /**
     * A GET sent with {@code authorization} as it is (a container credentials grant's own token) instead of the API
     * token; the daemon's answer, whatever its status.
     */
    Response getWithAuthorization(String path, String authorization) throws IOException {
        try (Connection connection = connect()) {
            UnixSocketHttp.Response response = connection.exchange("GET", path, null, "application/json",
                    authorization);
            return new Response(response.status(), response.bodyText());
        }
    }

    /** Sends a request; an error status becomes a {@link CliException} with the daemon's own explanation. */
    Response send(String method, String path, String jsonBody) {
        try (Connection connection = connect()) {
            UnixSocketHttp.Response response = connection.exchange(method, path, jsonBody, "application/json");
            Response answer = new Response(response.status(), response.bodyText());
            if (answer.status() >= 400) {
                throw error(answer);
            }
            return answer;
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Talking to the Keyport daemon at " + socket() + " failed ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        }
    }

    /**
     * Reads the lifecycle event stream until {@code consumer} has seen enough or the stream ends; each SSE event is
     * handed over as its name and data line. Runs on the caller's thread.
     */
    void streamEvents(Consumer<String[]> consumer, Runnable onSubscribed) throws IOException {
        try (Connection connection = connect()) {
            UnixSocketHttp.Response response = connection.exchange("GET", "/api/v1/events", null,
                    "text/event-stream");
            if (response.status() != 200) {
                throw new IOException("event stream answered " + response.status());
            }
            readEvents(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)),
                    (name, data) -> {
                if (name.equals("subscribed")) {
                    onSubscribed.run();
                } else {
                    consumer.accept(new String[]{name, data});
                }
                return true;
            });
        }
    }

    /**
     * Opens a request whose answer is a stream of Server-Sent Events and hands each to {@code handler} until it
     * returns false or the stream ends. The connection stays open meanwhile: the daemon ties what it granted to it.
     */
    Connection openStream(String method, String path) throws IOException {
        Connection connection = connect();
        try {
            UnixSocketHttp.Response response = connection.exchange(method, path, null, "text/event-stream");
            if (response.status() >= 400) {
                Response answer = new Response(response.status(), response.bodyText());
                throw error(answer);
            }
            connection.body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Handles one SSE event (name, data); returns whether to go on reading. */
    interface EventHandler {
        boolean handle(String name, String data) throws IOException;
    }

    static void readEvents(BufferedReader reader, EventHandler handler) throws IOException {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0 && !handler.handle(name, data.toString())) {
                    return;
                }
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
    }

    /** One connection to the vetted daemon; closing it ends whatever the daemon tied to it. */
    final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final Thread watchdog;
        private BufferedReader body;

        private Connection(SocketChannel channel) {
            this.channel = channel;
            this.watchdog = new Thread(() -> {
                try {
                    Thread.sleep(ANSWER_TIMEOUT_MILLIS);
                    channel.close();
                } catch (InterruptedException | IOException ignored) {
                    // closed in time, or already closed
                }
            }, "keyport-cli-timeout");
            watchdog.setDaemon(true);
        }

        UnixSocketHttp.Response exchange(String method, String path, String jsonBody, String accept)
                throws IOException {
            return exchange(method, path, jsonBody, accept, "Bearer " + daemon.token());
        }

        UnixSocketHttp.Response exchange(String method, String path, String jsonBody, String accept,
                                         String authorization) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", authorization);
            headers.put("Accept", accept);
            headers.put("Connection", "close");
            if (jsonBody != null) {
                headers.put("Content-Type", "application/json");
            }
            if (!accept.equals("text/event-stream")) {
                watchdog.start();
            }
            return UnixSocketHttp.exchange(channel, method, path, headers,
                    jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8));
        }

        /** The body of a streamed answer ({@link #openStream}), one reader for all its events. */
        BufferedReader body() {
            return body;
        }

        @Override
        public void close() {
            watchdog.interrupt();
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    Path socket() {
        return daemon.socket();
    }

    /** A connection to the daemon, once {@link DaemonSocket#connect()} vetted what listens on its socket. */
    Connection connect() {
        return new Connection(daemon.connect());
    }

    /** An error answer as the CLI reports it: exit code and problem code from its type, the detail in CLI words. */
    static CliException error(Response answer) {
        return new CliException(ExitCodes.forAnswer(answer.status(), answer.body()),
                CliWords.fromApi(describeError(answer)), ExitCodes.problemCode(answer.body()));
    }

    /** The problem's {@code detail}, else its status; never the request (which may hold an assertion). */
    static String describeError(Response response) {
        Matcher m = DETAIL.matcher(response.body());
        if (m.find()) {
            return unescape(m.group(1));
        }
        if (response.status() == 401) {
            return "The daemon refused the API token; is KEYPORT_HOME the daemon's?";
        }
        return "The daemon answered HTTP " + response.status() + ".";
    }

    static String unescape(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length()) {
                char n = json.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 < json.length()) {
                            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
