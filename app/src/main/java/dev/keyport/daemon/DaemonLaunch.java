package dev.keyport.daemon;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settles, before the framework reads its configuration, the two values the daemon cannot leave to a fixed default:
 * <ul>
 *   <li>the home as an absolute path (the socket path is derived from it, and {@code ~} means nothing to the
 *       configuration system);</li>
 *   <li>the TCP port. An explicit one ({@code --port}, {@code KEYPORT_PORT}, {@code -Dkeyport.port}) is used as it
 *       is. Otherwise each user gets a port of their own, {@value #BASE_PORT} + uid % 1000, so two people's daemons on
 *       one machine neither collide nor receive each other's requests; if that port is taken, a free one is used.
 *       Either way the daemon records the port it bound in {@code $KEYPORT_HOME/daemon.json}.</li>
 * </ul>
 */
public final class DaemonLaunch {
    public static final int BASE_PORT = 7465;
    /** The longest socket path every platform accepts (sun_path is 104 bytes on macOS, 108 on Linux). */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    private DaemonLaunch() {
    }

    /** What was decided, and a warning to print if the per-user port was taken. */
    public record Settings(Path home, int port, boolean portChosenByUser, Optional<String> warning) {
    }

    /**
     * Decides home and port from the environment and system properties, and publishes them as the system
     * properties {@code keyport.home} and {@code keyport.port}.
     *
     * @throws IllegalArgumentException with a message for the user when the settings cannot work
     */
    public static Settings prepare(Map<String, String> env) {
        Settings settings = decide(env, System.getProperty("keyport.home"), System.getProperty("keyport.port"));
        if (settings.portChosenByUser()) {
            bindProblem(settings.port()).ifPresent(problem -> {
                String why = problem.toLowerCase(java.util.Locale.ROOT).contains("in use") ? "is in use by another"
                        + " program" : "cannot be used (" + problem + ")";
                throw new CannotStart("Port " + settings.port() + " on 127.0.0.1 " + why + ", so the daemon cannot"
                        + " listen there. Choose another with --port or KEYPORT_PORT, or set neither to use this"
                        + " user's own port.");
            });
        }
        System.setProperty("keyport.home", settings.home().toString());
        System.setProperty("keyport.port", Integer.toString(settings.port()));
        return settings;
    }

    static Settings decide(Map<String, String> env, String homeProperty, String portProperty) {
        String homeValue = firstNonBlank(homeProperty, env.get("KEYPORT_HOME"), HomeLayout.DEFAULT_HOME);
        Path home = HomeLayout.expand(homeValue).toAbsolutePath().normalize();
        Path socket = home.resolve(HomeLayout.SOCKET);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("KEYPORT_HOME " + home + " is too long a path for the daemon's socket ("
                    + socket + " must stay under " + MAX_SOCKET_PATH_BYTES + " bytes). Choose a shorter one.");
        }
        // Before a port is chosen: a daemon already running here holds this user's port, and a second one must say
        // so (with the first one's pid and port), not move to another port and fail later.
        DaemonLock.runningDaemon(home).ifPresent(running -> {
            throw new CannotStart(running);
        });
        String portValue = firstNonBlank(portProperty, env.get("KEYPORT_PORT"), null);
        if (portValue != null) {
            return new Settings(home, port(portValue, "KEYPORT_PORT"), true, Optional.empty());
        }
        int preferred = defaultPort(Ownership.currentUid());
        if (free(preferred)) {
            return new Settings(home, preferred, false, Optional.empty());
        }
        int fallback = anyFreePort();
        return new Settings(home, fallback, false, Optional.of("Port " + preferred + " (this user's default) is in"
                + " use by another program; listening on " + fallback + " instead (recorded in " + home
                + "/daemon.json). Set KEYPORT_PORT to choose one."));
    }

    /** The daemon cannot start as asked; the message says why and what to do, in one sentence or two. */
    public static final class CannotStart extends RuntimeException {
        CannotStart(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A TCP port as the user wrote it.
     *
     * @param source where it was written ({@code KEYPORT_PORT}, {@code --port}), for the message
     * @throws IllegalArgumentException naming {@code source} when it is no number from 1 to 65535
     */
    static int port(String value, String source) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(source + " is '" + value + "', not a port number (1 to 65535).");
    }

    /** This user's own default port. */
    public static int defaultPort(long uid) {
        return BASE_PORT + (int) (uid % 1000);
    }

    private static boolean free(int port) {
        return bindProblem(port).isEmpty();
    }

    /** Why 127.0.0.1:{@code port} cannot be bound ("Address already in use", "Permission denied"), if it cannot. */
    private static Optional<String> bindProblem(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static int anyFreePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalArgumentException("No free TCP port on 127.0.0.1 (" + e.getMessage() + ").");
        }
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
