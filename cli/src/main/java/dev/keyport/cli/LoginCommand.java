package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import dev.keyport.api.model.ChallengeView;
import dev.keyport.api.model.DiscoverRequest;
import dev.keyport.api.model.LoginFlow;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionSuggestion;
import dev.keyport.api.model.SessionStatus;
import dev.keyport.api.model.SessionView;
import dev.keyport.api.model.SignInRequest;
import dev.keyport.api.model.SignInResult;
import dev.keyport.api.model.StartRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.keyport.cli.SessionCommand.path;
import static dev.keyport.cli.SessionCommand.until;

/**
 * {@code keyport login SAML_URL}: one sign-in, every role. Signs in once at the IdP (through the browser, as a start
 * would, or headlessly through its API with {@code --login-flow headless}), lists the role pairs the assertion grants, creates sessions for the ones picked (alias and profile
 * suggested from account and role) and starts them all from that same assertion: one IdP round trip, one MFA.
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = {"Sign in once at an IdP's SAML URL, pick"
        + " roles from what it grants, and create and start a session for each.",
        "Without --all or --role, asks which roles on the terminal."})
final class LoginCommand extends ClientCommand {
    @Parameters(paramLabel = "SAML_URL", description = "The IdP's SAML 2.0 URL (the AWS app's link in the IdP).")
    String samlUrl;
    @Option(names = "--region", description = "Region for new sessions (default: from the assertion's ACS).")
    String region;
    @Option(names = "--role", paramLabel = "PATTERN", description = "Pick roles whose name or ARN matches ('*' any"
            + " text, case ignored); repeatable.")
    List<String> rolePatterns = new ArrayList<>();
    @Option(names = "--all", description = "Pick every role the assertion grants.")
    boolean all;
    @Option(names = "--login-flow", paramLabel = "FLOW", description = "browser (default) or headless: sign in"
            + " through the IdP's API, questions on the terminal (okta, onelogin); the sessions made sign in so too.")
    String loginFlow;
    @Option(names = "--provider", description = "For headless: the provider (default: detected from the SAML URL).")
    String provider;
    @Option(names = "--username", paramLabel = "NAME", description = "For headless: the IdP user name (asked when"
            + " not given).")
    String username;
    @Mixin
    OutputFormat output;

    @Override
    void run() throws IOException {
        if (all && !rolePatterns.isEmpty()) {
            throw new CliException(ExitCodes.INVALID_INPUT, "Give either --all or --role, not both.");
        }
        if (!all && rolePatterns.isEmpty() && System.console() == null) {
            // Said before signing in: a script should not have to sign in to learn this.
            throw new CliException(ExitCodes.INVALID_INPUT, "No terminal to ask which roles on: pass --all or"
                    + " --role PATTERN.");
        }
        String host = checkedHost(samlUrl);
        boolean headless = headless();
        err().println("Signing in at " + host + (headless ? "..." : " (a browser window opens if the IdP needs"
                + " you)..."));
        err().flush();
        SignInResult signedIn = headless ? signInHeadlessly() : Json.read(client().post(
                "/api/v1/assertions/sign-in", Json.write(new SignInRequest(samlUrl))), SignInResult.class);
        List<SessionSuggestion> offered = Json.readList(client().post("/api/v1/assertions/discover",
                Json.write(new DiscoverRequest(signedIn.samlResponse(), samlUrl, region))), SessionSuggestion.class);
        List<SessionSuggestion> picked = all ? offered : !rolePatterns.isEmpty()
                ? AssertionCommand.RolePatterns.pick(rolePatterns, offered) : ask(offered);
        java.util.Map<String, SessionStatus> statuses = new java.util.HashMap<>();
        Json.readList(client().get("/api/v1/sessions"), SessionView.class).forEach(v -> statuses.put(v.id(), v.status()));
        List<String> answers = new ArrayList<>();
        for (SessionSuggestion s : picked) {
            String session = s.existingSessionId();
            boolean wasActive = session != null && statuses.get(session) == SessionStatus.ACTIVE;
            if (session == null) {
                SessionRequest request = AssertionCommand.sessionFor(s);
                if (headless) {
                    // Made by a headless sign-in, the session signs in (and refreshes) the same way.
                    request = new SessionRequest(request.alias(), request.profileName(), request.region(),
                            request.samlUrl(), request.idpArn(), request.roleArn(), provider, null, null, null, null,
                            null, LoginFlow.HEADLESS, username);
                }
                SessionView created = Json.read(client().post("/api/v1/sessions", Json.write(request)),
                        SessionView.class);
                session = created.id();
            }
            String answer = client().post(path(session) + "/start",
                    Json.write(new StartRequest(signedIn.samlResponse(), null)));
            answers.add(answer);
            if (output.json()) {
                continue;
            }
            SessionView started = Json.read(answer, SessionView.class);
            if (started.warnings() != null) {
                // Starting on a profile another session held stops that one: the person must hear it.
                started.warnings().forEach(w -> err().println("warning: " + TerminalText.printable(CliWords.fromApi(w))));
            }
            out().println("Session '" + started.alias() + "' " + (wasActive ? "was active and now has fresh"
                    + " credentials" : "is active") + " on profile " + started.profileName()
                    + "; credentials expire at " + until(started.expiresAt()) + ".");
        }
        if (output.json()) {
            out().println(Json.pretty("[" + String.join(",", answers) + "]"));
        }
    }

    private boolean headless() {
        if (loginFlow == null || loginFlow.equalsIgnoreCase("browser")) {
            if (provider != null || username != null) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--provider and --username go with --login-flow"
                        + " headless.");
            }
            return false;
        }
        if (!loginFlow.equalsIgnoreCase("headless")) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--login-flow is browser or headless, not '" + loginFlow
                    + "'.");
        }
        return true;
    }

    /**
     * A headless sign-in: its questions are read (long-polled, as it has no session and so no events) and answered
     * on the terminal by a second thread, while this one waits for the assertion.
     */
    private SignInResult signInHeadlessly() throws IOException {
        String id = java.util.UUID.randomUUID().toString();
        String path = "/api/v1/assertions/sign-in/" + id;
        DaemonClient client = client();
        ChallengeAnswerer answerer = new ChallengeAnswerer(client, path, err());
        Thread questions = new Thread(() -> {
            String after = "";
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String body = client.get(path + "/challenge?after=" + after);
                    if (body != null && !body.isBlank()) {
                        ChallengeView c = Json.read(body, ChallengeView.class);
                        answerer.answer(c);
                        after = c.id();
                    }
                }
            } catch (RuntimeException e) {
                // The sign-in's own answer says how it ended.
            }
        }, "keyport-sign-in-questions");
        questions.setDaemon(true);
        questions.start();
        try {
            return Json.read(client.post("/api/v1/assertions/sign-in", Json.write(new SignInRequest(samlUrl,
                    LoginFlow.HEADLESS, provider, username, id))), SignInResult.class);
        } finally {
            questions.interrupt();
        }
    }

    /**
     * The host of a SAML URL the daemon could sign in at, checked before anyone signs in; the daemon checks it again
     * with a session's rules (https, or http on this machine).
     */
    static String checkedHost(String samlUrl) {
        try {
            java.net.URI uri = new java.net.URI(samlUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"))) {
                return uri.getHost();
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw new CliException(ExitCodes.INVALID_INPUT, "SAML_URL must be the IdP's https:// URL where sign-in"
                + " starts (the AWS app's link in the IdP), e.g. https://acme.okta.com/home/amazon_aws/0oa1/272.");
    }

    /** The roles on offer, numbered, and the person's pick from the terminal. */
    private List<SessionSuggestion> ask(List<SessionSuggestion> offered) throws IOException {
        Table t = new Table("#", "ROLE ARN", "ALIAS", "PROFILE", "REGION", "SESSION");
        for (int i = 0; i < offered.size(); i++) {
            SessionSuggestion s = offered.get(i);
            t.row(Integer.toString(i + 1), s.roleArn(), s.alias(), s.profileName(), s.region(),
                    s.existingSessionId() == null ? "new" : "exists (started afresh)");
        }
        t.print(err());
        BufferedReader terminal = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // A typo costs a question, not the sign-in (and its MFA) it came after.
        while (true) {
            err().print("Roles to use (numbers separated by commas, or 'all'): ");
            err().flush();
            String answer = terminal.readLine();
            if (answer == null) {
                throw new CliException(ExitCodes.INVALID_INPUT, "No role was picked. Nothing was created.");
            }
            try {
                return pick(answer, offered);
            } catch (CliException e) {
                err().println(e.getMessage());
            }
        }
    }

    /** "1,3" or "all" to the roles it names; anything else is an input error that names the bad part. */
    static List<SessionSuggestion> pick(String answer, List<SessionSuggestion> offered) {
        if (answer.strip().equalsIgnoreCase("all")) {
            return offered;
        }
        List<SessionSuggestion> picked = new ArrayList<>();
        for (String part : answer.split(",")) {
            String n = part.strip();
            if (n.isEmpty()) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                index = 0;
            }
            if (index < 1 || index > offered.size()) {
                throw new CliException(ExitCodes.INVALID_INPUT, "'" + n + "' is not one of the numbers 1 to "
                        + offered.size() + ". Nothing was created.");
            }
            if (!picked.contains(offered.get(index - 1))) {
                picked.add(offered.get(index - 1));
            }
        }
        if (picked.isEmpty()) {
            throw new CliException(ExitCodes.INVALID_INPUT, "No role was picked. Nothing was created.");
        }
        return picked;
    }
}
