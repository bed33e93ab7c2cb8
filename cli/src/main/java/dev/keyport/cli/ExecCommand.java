package dev.keyport.cli;

import dev.keyport.api.model.ContainerGrant;
import dev.keyport.api.model.CredentialProcessOutput;
import dev.keyport.api.model.GrantClosed;
import dev.keyport.api.model.SessionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code keyport exec SESSION -- COMMAND...}: runs a program with the session's credentials. By default the program
 * gets a container credentials endpoint of its own (AWS_CONTAINER_CREDENTIALS_FULL_URI on loopback with an
 * unguessable path, AWS_CONTAINER_AUTHORIZATION_TOKEN random per run), so every AWS SDK in it fetches and refreshes
 * the credentials by itself. This process serves that endpoint ({@link CredentialsRelay}) and relays to a grant the
 * daemon ties to this process's connection: the grant ends when the run ends however it ends, and earlier if the
 * session stops. The program sees no shared AWS files, whose default profile the SDKs would read before the
 * endpoint. {@code --env} sets AWS_ACCESS_KEY_ID and friends instead (they do not refresh, and win over any file).
 * Either way, credentials the parent environment names (AWS_PROFILE, keys) are removed, so they cannot take
 * precedence.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a command with a session's credentials (exit code: the command's).")
final class ExecCommand extends ClientCommand {
    /** What could make an SDK pick other credentials than the session's. */
    static final List<String> CLEARED = List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME");

    /** What the program gets as its shared AWS files: nothing. */
    static final String NO_FILE = "/dev/null";

    @Parameters(index = "0", paramLabel = "SESSION", description = "Alias or id.")
    String session;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
            description = "The program and its arguments (after --).")
    List<String> command;

    @Option(names = "--env", description = "Pass the credentials as AWS_ACCESS_KEY_ID etc. instead of an endpoint.")
    boolean asEnvironment;

    /** The shell's exit codes for a command it cannot run: not found, found but not executable. */
    static final int COMMAND_NOT_FOUND = 127;
    static final int COMMAND_NOT_EXECUTABLE = 126;

    @Override
    void run() throws Exception {
        // Like a shell, before anything else (no daemon asked, no grant opened): a command that cannot run. (Without
        // PATH the system's default search applies: starting it decides.)
        String path = System.getenv("PATH");
        if (path != null || command.get(0).contains("/")) {
            checkRunnable(command.get(0), path);
        }
        DaemonClient client = client();
        String sessionPath = SessionCommand.path(session);
        SessionView definition = Json.read(client.get(sessionPath), SessionView.class);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        CLEARED.forEach(env::remove);
        String region = definition.region();
        if (region != null && !region.isEmpty()) {
            env.putIfAbsent("AWS_REGION", region);
            env.putIfAbsent("AWS_DEFAULT_REGION", region);
        }
        DaemonClient.Connection grant = null;
        String grantPath = null;
        CredentialsRelay relay = null;
        if (asEnvironment) {
            CredentialProcessOutput c = Json.read(client.get(sessionPath + "/credentials?start=true"),
                    CredentialProcessOutput.class);
            env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
            env.put("AWS_SESSION_TOKEN", c.sessionToken());
            if (c.expiration() != null) {
                env.put("AWS_CREDENTIAL_EXPIRATION", c.expiration().toString());
            }
        } else {
            // The grant lives as long as this connection: however this run ends (even kill -9), the kernel closes
            // the connection and the daemon ends the grant.
            grant = client.openStream("POST", sessionPath + "/container-endpoint");
            ContainerGrant granted = firstGrant(grant);
            String uri = granted.fullUri();
            String grantId = uri.substring(uri.lastIndexOf('/') + 1);
            String grantToken = granted.authorizationToken();
            grantPath = sessionPath + "/container-endpoint/" + grantId;
            // The program talks to this process, which relays over the daemon's socket: the port it uses is held
            // for as long as it runs, whatever becomes of the daemon.
            relay = new CredentialsRelay(() -> client.getWithAuthorization("/container-credentials/" + grantId,
                    grantToken));
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", relay.uri());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", relay.token());
            // The AWS SDKs look at the shared files' default profile before the container endpoint: none must
            // stand between the program and the session.
            env.put("AWS_SHARED_CREDENTIALS_FILE", NO_FILE);
            env.put("AWS_CONFIG_FILE", NO_FILE);
            watchForClosing(grant);
        }
        // Ctrl-C reaches both processes; the JVM then runs shutdown hooks, not finally blocks.
        DaemonClient.Connection open = grant;
        String openPath = grantPath;
        CredentialsRelay openRelay = relay;
        Thread closeOnInterrupt = new Thread(() -> closeGrant(client, openPath, open, openRelay),
                "keyport-exec-close");
        if (open != null) {
            Runtime.getRuntime().addShutdownHook(closeOnInterrupt);
        }
        try {
            Process child;
            try {
                child = builder.start();
            } catch (IOException e) {
                // Checked above; this is what changed in between, or what only starting it could tell.
                boolean missing = String.valueOf(e.getMessage()).contains("error=2,");
                throw new CliException(missing ? COMMAND_NOT_FOUND : COMMAND_NOT_EXECUTABLE, command.get(0)
                        + (missing ? ": command not found." : ": cannot run it (" + e.getMessage() + ")."));
            }
            exitCode = child.waitFor();
        } finally {
            if (open != null) {
                // From here on, the grant's end is this run's own doing: nothing to report.
                endingByItself.set(true);
                Runtime.getRuntime().removeShutdownHook(closeOnInterrupt);
                closeGrant(client, openPath, open, openRelay);
            }
        }
    }

    /**
     * Refuses a program that cannot run, as a shell would: 127 when there is no such file (on PATH, for a bare name),
     * 126 when it is there but not executable.
     */
    static void checkRunnable(String program, String path) {
        java.nio.file.Path found = null;
        if (program.contains("/")) {
            found = java.nio.file.Files.exists(java.nio.file.Path.of(program)) ? java.nio.file.Path.of(program) : null;
        } else if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
                if (java.nio.file.Files.isRegularFile(candidate)) {
                    found = candidate;
                    if (java.nio.file.Files.isExecutable(candidate)) {
                        return;
                    }
                }
            }
        }
        if (found == null) {
            throw new CliException(COMMAND_NOT_FOUND, program + ": command not found"
                    + (program.contains("/") ? " (no such file)." : " (not on PATH)."));
        }
        if (java.nio.file.Files.isDirectory(found) || !java.nio.file.Files.isExecutable(found)) {
            throw new CliException(COMMAND_NOT_EXECUTABLE, program + ": not an executable file.");
        }
    }

    /**
     * Ends the grant before returning, so that it is gone once the command has finished; closing the connection alone
     * would end it too, a moment later (that is what happens when the run is killed).
     */
    private void closeGrant(DaemonClient client, String grantPath, DaemonClient.Connection grant,
                            CredentialsRelay relay) {
        relay.close();
        try {
            client.delete(grantPath);
        } catch (CliException e) {
            // Ended by the daemon already (404), or the daemon went away: either way the grant is gone.
        } finally {
            grant.close();
        }
    }

    /** The first event of the grant stream: the endpoint's URL and token. */
    private static ContainerGrant firstGrant(DaemonClient.Connection grant) throws IOException {
        ContainerGrant[] granted = new ContainerGrant[1];
        DaemonClient.readEvents(grant.body(), (name, data) -> {
            if (name.equals("grant")) {
                granted[0] = Json.read(data, ContainerGrant.class);
                return false;
            }
            return true;
        });
        if (granted[0] == null) {
            grant.close();
            throw new CliException(ExitCodes.INTERNAL, "The daemon did not hand out a container credentials endpoint.");
        }
        return granted[0];
    }

    /** Set once the program has finished and this run closes its grant itself. */
    private final java.util.concurrent.atomic.AtomicBoolean endingByItself = new java.util.concurrent.atomic.AtomicBoolean();

    /** Says so on stderr if the daemon ends the grant before the program does (the session was stopped...). */
    private void watchForClosing(DaemonClient.Connection grant) {
        PrintWriter err = err();
        Thread watcher = new Thread(() -> {
            try {
                DaemonClient.readEvents(grant.body(), (name, data) -> {
                    if (name.equals("closed")) {
                        if (endingByItself.get()) {
                            return false;
                        }
                        err.println("keyport: The credentials endpoint of session '" + session + "' closed before"
                                + " the program finished (" + Json.read(data, GrantClosed.class).reason() + ").");
                        err.flush();
                        return false;
                    }
                    return true;
                });
            } catch (IOException | RuntimeException ignored) {
                // the connection closed: the run is ending
            }
        }, "keyport-exec-grant");
        watcher.setDaemon(true);
        watcher.start();
    }
}
