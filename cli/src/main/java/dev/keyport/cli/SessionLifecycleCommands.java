package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import dev.keyport.api.model.SessionEventView;
import dev.keyport.api.model.SessionStatus;
import dev.keyport.api.model.SessionView;
import dev.keyport.api.model.StartRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
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
            StartRequest body = new StartRequest(assertion == null ? null : assertion.read(),
                    replaceProfile ? Boolean.TRUE : null);
            err().println("Starting session '" + session + "'...");
            err().flush();
            String answer = postWatching(this, session, "/start", Json.write(body));
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            SessionView started = Json.read(answer, SessionView.class);
            if (started.warnings() != null) {
                started.warnings().forEach(w -> err().println("warning: " + TerminalText.printable(CliWords.fromApi(w))));
            }
            out().println("Session '" + started.alias() + "' is active on profile " + started.profileName()
                    + "; credentials expire at " + until(started.expiresAt()) + ".");
        }

    }

    /**
     * While a start or refresh of {@code session} runs: prints what it waits for (the browser sign-in), from the event
     * stream, and puts a headless login's questions to the person ({@link ChallengeAnswerer}). {@link Progress#finish}
     * lets what the stream still carries for the run be printed before the command's own answer.
     */
    static Progress watchProgress(ClientCommand command, String session) throws InterruptedException {
        DaemonClient client = command.client();
        PrintWriter err = command.err();
        ChallengeAnswerer answerer = new ChallengeAnswerer(client, path(session), err);
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                client.streamEvents(event -> {
                    SessionEventView e = Json.read(event[1], SessionEventView.class);
                    if (!session.equals(e.alias()) && !session.equals(e.sessionId())) {
                        return;
                    }
                    if ("STARTING".equals(event[0]) && e.detail() != null && !e.detail().isEmpty()
                            && !answerer.answerOpenChallenge() && !answerer.engaged()) {
                        err.println("  " + TerminalText.printable(CliWords.fromApi(e.detail())));
                        err.flush();
                    } else if (!"STARTING".equals(event[0])) {
                        ended.countDown();
                    }
                }, subscribed::countDown);
            } catch (IOException | RuntimeException e) {
                // Progress is a courtesy; the start's own answer tells the outcome.
            } finally {
                subscribed.countDown();
                ended.countDown();
            }
        }, "keyport-progress");
        t.setDaemon(true);
        t.start();
        subscribed.await(2, TimeUnit.SECONDS);
        return new Progress(t, ended, answerer);
    }

    /** POSTs a start or refresh of the session ({@code action}) while {@link #watchProgress watching} it. */
    static String postWatching(ClientCommand command, String session, String action, String body)
            throws InterruptedException {
        Progress progress = watchProgress(command, session);
        String answer;
        try {
            answer = command.client().post(path(session) + action, body);
        } catch (RuntimeException e) {
            progress.thread().interrupt();
            throw e;
        }
        progress.finish();
        return answer;
    }

    /** The progress watcher of one run. */
    record Progress(Thread thread, CountDownLatch ended, ChallengeAnswerer answerer) {
        /**
         * The run has answered: waits briefly for the stream to bring its last event (the daemon sends it before
         * answering, but on another connection), so that nothing the run printed comes after the result.
         */
        void finish() throws InterruptedException {
            ended.await(2, TimeUnit.SECONDS);
            thread.interrupt();
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true,
            description = "Answer what a session's sign-in asks (password, code, factor), e.g. for a refresh that runs"
                    + " in the background; waits until the sign-in ends.")
    static final class Answer extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Override
        void run() throws InterruptedException {
            Progress progress = watchProgress(this, session);
            if (!progress.answerer().answerOpenChallenge()) {
                progress.thread().interrupt();
                throw new CliException(ExitCodes.CONFLICT, "Session '" + session + "' waits for no answer now.");
            }
            progress.ended().await();
            SessionView s = Json.read(client().get(path(session)), SessionView.class);
            if (s.status() == SessionStatus.ACTIVE && s.lastError() == null) {
                out().println("Session '" + s.alias() + "' is active; credentials expire at " + until(s.expiresAt())
                        + ".");
            } else {
                throw new CliException(ExitCodes.CONFLICT, "Session '" + s.alias() + "' is " + s.status()
                        + (s.lastError() == null ? "." : ": " + CliWords.fromApi(s.lastError())));
            }
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
        @Parameters(paramLabel = "SESSION", arity = "0..1", description = "Alias or id.")
        String session;

        @Option(names = "--all", description = "Stop every session that is not stopped already.")
        boolean all;

        @Mixin
        OutputFormat output;

        @Override
        void run() {
            if (all == (session != null)) {
                throw new CliException(ExitCodes.INVALID_INPUT, all ? "Give either a session or --all, not both."
                        : "Name the session to stop (alias or id), or pass --all.");
            }
            if (!all) {
                String answer = client().post(path(session) + "/stop", null);
                if (output.json()) {
                    out().println(Json.pretty(answer));
                } else {
                    report(session, answer);
                }
                return;
            }
            java.util.List<String> answers = new java.util.ArrayList<>();
            for (SessionView s : Json.readList(client().get("/api/v1/sessions"), SessionView.class)) {
                if (s.status() != SessionStatus.INACTIVE) {
                    String answer = client().post(path(s.id()) + "/stop", null);
                    answers.add(answer);
                    if (!output.json()) {
                        report(s.alias(), answer);
                    }
                }
            }
            if (output.json()) {
                // One JSON array of the stopped sessions, each as the daemon answered (with what it withdrew).
                out().println(Json.pretty("[" + String.join(",", answers) + "]"));
            } else if (answers.isEmpty()) {
                out().println("No session was running; nothing to stop.");
            }
        }

        private void report(String name, String answer) {
            SessionView stopped = Json.read(answer, SessionView.class);
            java.util.List<String> withdrawn = stopped.withdrawn() == null ? java.util.List.of() : stopped.withdrawn();
            if (withdrawn.isEmpty()) {
                out().println("Session '" + name + "' stopped; nothing had been delivered.");
                return;
            }
            out().println("Session '" + name + "' stopped:");
            withdrawn.forEach(line -> out().println("  " + line));
        }
    }

    @Command(name = "refresh", aliases = "rotate", mixinStandardHelpOptions = true,
            description = "Get fresh credentials for an active session now (\"rotate\" is an older name for it).")
    static final class Refresh extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Mixin
        OutputFormat output;

        @Override
        void run() throws InterruptedException {
            String answer = postWatching(this, session, "/refresh", null);
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            SessionView s = Json.read(answer, SessionView.class);
            out().println("Session '" + s.alias() + "' has fresh credentials; they expire at "
                    + until(s.expiresAt()) + ".");
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the IdP sign-in kept for the session (next start asks again).")
    static final class Logout extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Mixin
        OutputFormat output;

        @Override
        void run() {
            String answer = client().post(path(session) + "/logout", null);
            if (output.json()) {
                out().println(Json.pretty(answer));
                return;
            }
            out().println("Signed out of the IdP for session '" + session + "'.");
        }
    }
}
