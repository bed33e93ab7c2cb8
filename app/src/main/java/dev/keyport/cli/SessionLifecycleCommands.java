package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.keyport.cli.SessionCommand.path;
import static dev.keyport.cli.SessionCommand.until;

/**
 * The {@code keyport session} subcommands that drive a session's lifecycle: {@code start} (sign in, get credentials,
 * deliver them, with the sign-in's progress from the event stream), {@code stop}, {@code refresh} (alias
 * {@code rotate}) and {@code logout}, one nested class each. What a session is made of is
 * {@link SessionDefinitionCommands}'s.
 */
final class SessionLifecycleCommands {
    private SessionLifecycleCommands() {
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a session: sign in, get credentials, deliver them.")
    static final class Start extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @ArgGroup(exclusive = true)
        AssertionSource assertion;

        @Option(names = "--replace-profile",
                description = "Replace a profile section Keyport did not create (a backup is kept).")
        boolean replaceProfile;

        @Mixin
        OutputFormat output;

        @Override
        void run() throws Exception {
            ObjectNode body = Json.object();
            if (assertion != null) {
                body.put("samlResponse", assertion.read());
            }
            if (replaceProfile) {
                body.put("replaceProfile", true);
            }
            err().println("Starting session '" + session + "'...");
            err().flush();
            Thread progress = watchProgress();
            JsonNode started = Json.parse(client().post(path(session) + "/start", Json.compact(body)));
            progress.interrupt();
            if (output.json()) {
                out().println(Json.pretty(started));
                return;
            }
            for (JsonNode w : started.path("warnings")) {
                err().println("warning: " + w.asText());
            }
            out().println("Session '" + Json.text(started, "alias") + "' is active on profile "
                    + Json.text(started, "profileName") + "; credentials expire at "
                    + until(Json.text(started, "expiresAt")) + ".");
        }

        /** Prints what the start waits for (the browser sign-in), from the event stream, while it runs. */
        private Thread watchProgress() throws InterruptedException {
            DaemonClient client = client();
            CountDownLatch subscribed = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    client.streamEvents(event -> {
                        JsonNode data = Json.parse(event[1]);
                        boolean ours = session.equals(Json.text(data, "alias")) || session.equals(Json.text(data, "sessionId"));
                        String detail = Json.text(data, "detail");
                        if (ours && "STARTING".equals(event[0]) && !detail.isEmpty()) {
                            err().println("  " + detail);
                            err().flush();
                        }
                    }, subscribed::countDown);
                } catch (IOException | RuntimeException e) {
                    // Progress is a courtesy; the start's own answer tells the outcome.
                } finally {
                    subscribed.countDown();
                }
            }, "keyport-progress");
            t.setDaemon(true);
            t.start();
            subscribed.await(2, TimeUnit.SECONDS);
            return t;
        }
    }

    /** Where a supplied SAMLResponse comes from. */
    static final class AssertionSource {
        @Option(names = "--assertion-file", paramLabel = "FILE",
                description = "Start with this base64 SAMLResponse instead of signing in ('-' reads stdin).")
        Path file;

        String read() throws IOException {
            return ClientCommand.readSamlResponse(file);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a session and withdraw its credentials.")
    static final class Stop extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Override
        void run() {
            JsonNode stopped = Json.parse(client().post(path(session) + "/stop", null));
            JsonNode withdrawn = stopped.path("withdrawn");
            if (withdrawn.isEmpty()) {
                out().println("Session '" + session + "' stopped; nothing had been delivered.");
                return;
            }
            out().println("Session '" + session + "' stopped:");
            withdrawn.forEach(line -> out().println("  " + line.asText()));
        }
    }

    @Command(name = "refresh", aliases = "rotate", mixinStandardHelpOptions = true,
            description = "Get fresh credentials for an active session now (\"rotate\" is an older name for it).")
    static final class Refresh extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Override
        void run() {
            JsonNode s = Json.parse(client().post(path(session) + "/refresh", null));
            out().println("Session '" + Json.text(s, "alias") + "' has fresh credentials; they expire at "
                    + until(Json.text(s, "expiresAt")) + ".");
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the IdP sign-in kept for the session (next start asks again).")
    static final class Logout extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Override
        void run() {
            client().post(path(session) + "/logout", null);
            out().println("Signed out of the IdP for session '" + session + "'.");
        }
    }
}
