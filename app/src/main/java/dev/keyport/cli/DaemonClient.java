package dev.keyport.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's side of the REST control API on 127.0.0.1: the port from {@code --port}, {@code KEYPORT_PORT} or 7465,
 * the bearer token from {@code $KEYPORT_HOME/api-token}. Built on {@link HttpURLConnection} and no JSON library, so
 * the commands that run for every AWS call ({@code credential-process}) start as fast as the JVM allows.
 */
final class DaemonClient {
    static final int DEFAULT_PORT = 7465;
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final int port;
    private final Path home;

    DaemonClient(int port, Path home) {
        this.port = port;
        this.home = home;
    }

    /** Port and home as the daemon would resolve them from the environment. */
    static DaemonClient fromEnvironment(Integer portOption) {
        int port = portOption != null ? portOption : envPort();
        String homeValue = System.getenv("KEYPORT_HOME");
        if (homeValue == null || homeValue.isBlank()) {
            homeValue = System.getProperty("keyport.home", "~/.keyport");
        }
        return new DaemonClient(port, expand(homeValue));
    }

    private static int envPort() {
        String value = System.getenv("KEYPORT_PORT");
        if (value == null || value.isBlank()) {
            value = System.getProperty("keyport.port");
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "KEYPORT_PORT is '" + value + "', not a port number.");
        }
    }

    private static Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            String userHome = System.getenv("HOME");
            if (userHome == null || userHome.isBlank()) {
                userHome = System.getProperty("user.home");
            }
            return Path.of(userHome + path.substring(1));
        }
        return Path.of(path);
    }

    int port() {
        return port;
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

    /** Sends a request; an error status becomes a {@link CliException} with the daemon's own explanation. */
    Response send(String method, String path, String jsonBody) {
        Response response = exchange(method, path, jsonBody);
        if (response.status() >= 400) {
            throw new CliException(ExitCodes.forHttpStatus(response.status()), describeError(response));
        }
        return response;
    }

    private Response exchange(String method, String path, String jsonBody) {
        HttpURLConnection connection = open(path);
        try {
            connection.setRequestMethod(method);
            if (jsonBody != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(jsonBody.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, in == null ? "" : readAll(in));
        } catch (ConnectException e) {
            throw notRunning();
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Talking to the Keyport daemon on 127.0.0.1:" + port
                    + " failed: " + e.getMessage());
        } finally {
            connection.disconnect();
        }
    }

    /**
     * Reads the lifecycle event stream until {@code consumer} has seen enough or the stream ends; each SSE event is
     * handed over as its name and data line. Runs on the caller's thread.
     */
    void streamEvents(Consumer<String[]> consumer, Runnable onSubscribed) throws IOException {
        HttpURLConnection connection = open("/api/v1/events");
        connection.setRequestProperty("Accept", "text/event-stream");
        connection.setReadTimeout(0);
        if (connection.getResponseCode() != 200) {
            throw new IOException("event stream answered " + connection.getResponseCode());
        }
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(connection.getInputStream(),
                StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        if (name.equals("subscribed")) {
                            onSubscribed.run();
                        } else {
                            consumer.accept(new String[]{name, data.toString()});
                        }
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(String path) {
        String token = token();
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            connection.setConnectTimeout(2000);
            // A start may wait for the user to sign in in a browser (keyport.browser.login-timeout, 5 min).
            connection.setReadTimeout(15 * 60 * 1000);
            connection.setRequestProperty("Authorization", "Bearer " + token);
            connection.setRequestProperty("Accept", "application/json");
            return connection;
        } catch (IOException e) {
            throw notRunning();
        }
    }

    private String token() {
        Path file = home.resolve("api-token");
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "No API token at " + file + ": the Keyport daemon has"
                    + " not run with KEYPORT_HOME=" + home + " yet. Start it with: keyport daemon");
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Cannot read the API token " + file + ": " + e.getMessage());
        }
    }

    private CliException notRunning() {
        return new CliException(ExitCodes.NO_DAEMON, "The Keyport daemon is not running on 127.0.0.1:" + port
                + ". Start it with: keyport daemon" + (port == DEFAULT_PORT ? "" : " --port " + port));
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

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
