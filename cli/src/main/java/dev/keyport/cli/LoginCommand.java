package dev.keyport.cli;

import dev.keyport.api.model.DiscoverRequest;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionSuggestion;
import dev.keyport.api.model.SessionView;
import dev.keyport.api.model.SignInRequest;
import dev.keyport.api.model.SignInResult;
import dev.keyport.api.model.StartRequest;
import picocli.CommandLine.Command;
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
 * would), lists the role pairs the assertion grants, creates sessions for the ones picked (alias and profile
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
        err().println("Signing in at " + java.net.URI.create(samlUrl).getHost() + "...");
        err().flush();
        SignInResult signedIn = Json.read(client().post("/api/v1/assertions/sign-in",
                Json.write(new SignInRequest(samlUrl))), SignInResult.class);
        List<SessionSuggestion> offered = Json.readList(client().post("/api/v1/assertions/discover",
                Json.write(new DiscoverRequest(signedIn.samlResponse(), samlUrl, region))), SessionSuggestion.class);
        List<SessionSuggestion> picked = all ? offered : !rolePatterns.isEmpty()
                ? AssertionCommand.RolePatterns.pick(rolePatterns, offered) : ask(offered);
        for (SessionSuggestion s : picked) {
            String session = s.existingSessionId();
            if (session == null) {
                SessionView created = Json.read(client().post("/api/v1/sessions", Json.write(new SessionRequest(
                        s.alias(), s.profileName(), s.region(), s.samlUrl(), s.idpArn(), s.roleArn(), null, null, null,
                        null, null, null))), SessionView.class);
                session = created.id();
            }
            SessionView started = Json.read(client().post(path(session) + "/start",
                    Json.write(new StartRequest(signedIn.samlResponse(), null))), SessionView.class);
            out().println("Session '" + started.alias() + "' is active on profile " + started.profileName()
                    + "; credentials expire at " + until(started.expiresAt()) + ".");
        }
    }

    /** The roles on offer, numbered, and the person's pick from the terminal. */
    private List<SessionSuggestion> ask(List<SessionSuggestion> offered) throws IOException {
        Table t = new Table("#", "ROLE ARN", "ALIAS", "PROFILE", "REGION", "SESSION");
        for (int i = 0; i < offered.size(); i++) {
            SessionSuggestion s = offered.get(i);
            t.row(Integer.toString(i + 1), s.roleArn(), s.alias(), s.profileName(), s.region(),
                    s.existingSessionId() == null ? "new" : "exists");
        }
        t.print(err());
        err().print("Roles to use (numbers separated by commas, or 'all'): ");
        err().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return pick(answer == null ? "" : answer, offered);
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
