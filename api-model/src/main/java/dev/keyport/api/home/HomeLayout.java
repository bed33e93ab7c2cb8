package dev.keyport.api.home;

import java.nio.file.Path;

/**
 * The names of what lives in Keyport's home, shared by the daemon and the CLI. JDK only: the CLI runs on a short
 * class path without the framework.
 */
public final class HomeLayout {
    /** The CLI's channel to the daemon: a Unix domain socket, reachable by the home's owner alone. */
    public static final String SOCKET = "daemon.sock";
    /** The control API's bearer token (0600). */
    public static final String API_TOKEN = "api-token";
    /** Where the daemon records its pid and TCP port while it runs. */
    public static final String RECORD = "daemon.json";
    /** The home when neither keyport.home nor KEYPORT_HOME says otherwise. */
    public static final String DEFAULT_HOME = "~/.keyport";

    private HomeLayout() {
    }

    /** {@code path} with a leading {@code ~} replaced by the user's home directory. */
    public static Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            String home = System.getenv("HOME");
            if (home == null || home.isBlank()) {
                home = System.getProperty("user.home");
            }
            return Path.of(home + path.substring(1));
        }
        return Path.of(path);
    }
}
