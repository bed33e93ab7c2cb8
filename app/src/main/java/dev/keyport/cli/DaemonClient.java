package dev.keyport.cli;

import dev.keyport.daemon.HomeLayout;
import dev.keyport.daemon.Ownership;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's side of the daemon's REST API, over the Unix domain socket in the daemon's home
 * ({@code $KEYPORT_HOME/daemon.sock}). Before the API token leaves this process the CLI makes sure that what answers
 * is the user's own daemon: the home belongs to the user and no one else can write to it, the socket belongs to the
 * user, and the process at the other end of the socket runs as the user (the kernel says so: SO_PEERCRED). A process
 * that grabbed the TCP port, or another user's daemon, never hears from the CLI. Built without a JSON library, so the
 * commands that run for every AWS call ({@code credential-process}) start as fast as the JVM allows.
 */
final class DaemonClient {
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A start may wait for the user to sign in in a browser (keyport.browser.login-timeout, 5 min). */
    private static final long ANSWER_TIMEOUT_MILLIS = 15 * 60 * 1000;
    private static final Pattern TOKEN_FILE = Pattern.compile("[A-Za-z0-9_-]{43}\\n?");

    private final Path home;

    DaemonClient(Path home) {
        this.home = home;
    }

    /** The home as the daemon would resolve it from the environment. */
    static DaemonClient fromEnvironment() {
        String homeValue = System.getenv("KEYPORT_HOME");
        if (homeValue == null || homeValue.isBlank()) {
            homeValue = System.getProperty("keyport.home", HomeLayout.DEFAULT_HOME);
        }
        return new DaemonClient(HomeLayout.expand(homeValue).toAbsolutePath().normalize());
    }

    Path home() {
        return home;
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
                throw new CliException(ExitCodes.forHttpStatus(answer.status()), describeError(answer));
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
                throw new CliException(ExitCodes.forHttpStatus(answer.status()), describeError(answer));
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
            return exchange(method, path, jsonBody, accept, "Bearer " + token());
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
        return home.resolve(HomeLayout.SOCKET);
    }

    /**
     * Connects to the daemon's socket after checking that only the user could have put it there, and that the
     * process on the other end runs as the user. Nothing is sent before these checks pass.
     */
    Connection connect() {
        Path socket = socket();
        Ownership.untrustedFolder(home, "Keyport's home").ifPresent(problem -> {
            if (Files.isDirectory(home)) {
                throw new CliException(ExitCodes.NO_DAEMON, problem + " The CLI will not talk to a daemon there.");
            }
        });
        try {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw notRunning();
            }
            if (!Ownership.isSocket(socket)) {
                throw new CliException(ExitCodes.NO_DAEMON, socket + " is not a socket, so no Keyport daemon"
                        + " listens there. Remove it and start the daemon with: keyport daemon");
            }
            if (Ownership.uid(socket) != Ownership.currentUid()) {
                throw new CliException(ExitCodes.NO_DAEMON, socket + " belongs to another user (uid "
                        + Ownership.uid(socket) + "), not to you: it is not your Keyport daemon. Remove it and start"
                        + " the daemon with: keyport daemon");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Cannot check the daemon's socket " + socket + " ("
                    + e.getClass().getSimpleName() + ").");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "This system cannot open a Unix domain socket ("
                    + e.getClass().getSimpleName() + ").");
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().getName().equals(Ownership.currentUserName())) {
                throw new CliException(ExitCodes.NO_DAEMON, "The process listening on " + socket + " runs as "
                        + peer.user().getName() + ", not as you: it is not your Keyport daemon, and the CLI sent it"
                        + " nothing. Stop it, remove the socket and start the daemon with: keyport daemon");
            }
            return new Connection(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            // A socket nobody listens on any more: the daemon was killed.
            throw notRunning();
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    /** The API token, read without following a symlink, from a file only the user can read. */
    private String token() {
        Path file = home.resolve(HomeLayout.API_TOKEN);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(ExitCodes.NO_DAEMON, "No API token in " + home + ": the Keyport daemon has not"
                        + " run with KEYPORT_HOME=" + home + " yet. Start it with: keyport daemon");
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // a token file is 44 bytes
                }
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                if (!TOKEN_FILE.matcher(text).matches()) {
                    throw new CliException(ExitCodes.NO_DAEMON, "The API token file in " + home + " is not one"
                            + " Keyport wrote. Restart the daemon (keyport daemon), which replaces it.");
                }
                return text.strip();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Cannot read the API token in " + home + " ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    private CliException notRunning() {
        return new CliException(ExitCodes.NO_DAEMON, "The Keyport daemon is not running (no socket at " + socket()
                + "). Start it with: keyport daemon");
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
