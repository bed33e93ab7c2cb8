package dev.keyport.cli;

import dev.keyport.api.model.DeliveryMethod;
import dev.keyport.api.model.LoginFlow;
import dev.keyport.api.model.SessionRequest;
import dev.keyport.api.model.SessionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static dev.keyport.cli.SessionCommand.localTime;
import static dev.keyport.cli.SessionCommand.path;

/**
 * The {@code keyport session} subcommands that create, read, change and delete a session's definition: {@code add},
 * {@code list}, {@code show}, {@code edit} and {@code remove}, one nested class each, with the options a definition
 * is written from and the way a session is printed. Starting and stopping a session is
 * {@link SessionLifecycleCommands}'s.
 */
final class SessionDefinitionCommands {
    private SessionDefinitionCommands() {
    }

    /** The fields of a session definition, as options (all optional for {@code edit}). */
    static final class DefinitionOptions {
        @Option(names = "--alias", description = "Name to refer to the session by.")
        String alias;
        @Option(names = "--profile", description = "Named profile to deliver to (aws --profile NAME; default for a new"
                + " session: its alias).")
        String profile;
        @Option(names = "--region", description = "Default region written with the profile (default for a new"
                + " session: the region of [default] in the AWS config file).")
        String region;
        @Option(names = "--saml-url", description = "The IdP's SAML 2.0 URL, where login starts.")
        String samlUrl;
        @Option(names = "--idp-arn", description = "The IAM SAML provider ARN.")
        String idpArn;
        @Option(names = "--role-arn", description = "The IAM role ARN.")
        String roleArn;
        @Option(names = "--provider", description = "Provider id (default: detected from the SAML URL).")
        String provider;
        @Option(names = "--duration", paramLabel = "SECONDS", description = "Requested credential lifetime.")
        Integer duration;
        @Option(names = "--login-page-pattern", paramLabel = "REGEX",
                description = "Extra sign-in page URL pattern (repeatable).")
        List<String> loginPagePatterns;
        @Option(names = "--acs-pattern", paramLabel = "PATTERN",
                description = "Extra URL pattern where the IdP posts the SAML response (repeatable).")
        List<String> acsPatterns;
        @Option(names = "--parent", paramLabel = "SESSION", description = "Make a chained-role session: assume"
                + " --role-arn with this federated session's credentials (no --saml-url or --idp-arn).")
        String parent;
        @Option(names = "--delivery", paramLabel = "HOW", completionCandidates = DeliveryNames.class,
                description = "credentials-file (default): keys in the credentials file; credential-process: the"
                        + " config profile runs 'keyport credential-process'.")
        String delivery;
        @Option(names = "--login-flow", paramLabel = "FLOW", completionCandidates = LoginFlowNames.class,
                description = "browser (default): the IdP's pages in the system browser; headless: the IdP's API,"
                        + " questions on the terminal (okta, onelogin).")
        String loginFlow;
        @Option(names = "--username", paramLabel = "NAME",
                description = "The IdP user name a headless login signs in as (asked at each sign-in when unset).")
        String username;

        /** The request the options make, over {@code base} where an option was not given. */
        SessionRequest over(SessionRequest base) {
            return new SessionRequest(or(alias, base.alias()), or(profile, base.profileName()),
                    or(region, base.region()), or(samlUrl, base.samlUrl()), or(idpArn, base.idpArn()),
                    or(roleArn, base.roleArn()), or(provider, base.providerId()), or(duration, base.durationSeconds()),
                    or(loginPagePatterns, base.loginPagePatterns()),
                    or(acsPatterns, base.assertionConsumerPatterns()), or(deliveryMethod(), base.delivery()),
                    or(parent, base.parentSession()), or(loginFlowValue(), base.loginFlow()),
                    or(username, base.username()));
        }

        private LoginFlow loginFlowValue() {
            if (loginFlow == null) {
                return null;
            }
            return switch (loginFlow.toLowerCase(java.util.Locale.ROOT)) {
                case "browser" -> LoginFlow.BROWSER;
                case "headless" -> LoginFlow.HEADLESS;
                default -> throw new CliException(ExitCodes.INVALID_INPUT, "--login-flow is browser or headless, not '"
                        + loginFlow + "'.");
            };
        }

        private DeliveryMethod deliveryMethod() {
            if (delivery == null) {
                return null;
            }
            return switch (delivery) {
                case "credentials-file" -> DeliveryMethod.CREDENTIALS_FILE;
                case "credential-process" -> DeliveryMethod.CREDENTIAL_PROCESS;
                default -> throw new CliException(ExitCodes.INVALID_INPUT, "--delivery is credentials-file or"
                        + " credential-process, not '" + delivery + "'.");
            };
        }

        private static <T> T or(T given, T otherwise) {
            return given != null ? given : otherwise;
        }
    }

    /** What --delivery takes, for shell completion. */
    static final class DeliveryNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("credentials-file", "credential-process").iterator();
        }
    }

    /** What --login-flow takes, for shell completion. */
    static final class LoginFlowNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("browser", "headless").iterator();
        }
    }

    private static final SessionRequest EMPTY = new SessionRequest(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Prints a session (the daemon's answer {@code body}) as JSON or as "field: value" lines. */
    static void printSession(ClientCommand command, OutputFormat output, String body) {
        if (output.json()) {
            command.out().println(Json.pretty(body));
            return;
        }
        SessionView s = Json.read(body, SessionView.class);
        // The labels are the CLI's words for the fields (the flags that set them), not the API's JSON names.
        Table t = Table.ofFields("alias", s.alias(), "id", s.id(), "status", s.status(),
                "profile", s.profileName(), "region", s.region(), "role", s.roleArn(), "identity provider",
                s.idpArn(), "SAML URL", s.samlUrl(), "provider", s.providerId(), "provider chosen because",
                CliWords.fromApi(s.providerReason()), "parent", s.parentSession(), "delivery", s.delivery() == null ? null
                        : s.delivery().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "login flow", s.loginFlow() == null ? null : s.loginFlow().name().toLowerCase(java.util.Locale.ROOT),
                "user name", s.username(),
                "signed in as", s.identityArn(), "expires", SessionCommand.localTime(s.expiresAt()),
                "status detail", CliWords.fromApi(s.statusDetail()), "last error", CliWords.fromApi(s.lastError()));
        if (s.deliveredTo() != null) {
            s.deliveredTo().forEach(d -> t.row("delivered to", d));
        }
        if (s.warnings() != null) {
            s.warnings().forEach(w -> t.row("warning", CliWords.fromApi(w)));
        }
        t.print(command.out());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a session.")
    static final class Add extends ClientCommand {
        @Mixin
        DefinitionOptions definition;
        @Mixin
        OutputFormat output;

        @Override
        void run() {
            List<String> missing = new java.util.ArrayList<>();
            if (definition.alias == null) missing.add("--alias");
            if (definition.samlUrl == null && definition.parent == null) missing.add("--saml-url (or --parent)");
            if (definition.idpArn == null && definition.parent == null) missing.add("--idp-arn");
            if (definition.roleArn == null) missing.add("--role-arn");
            if (!missing.isEmpty()) {
                throw new CliException(ExitCodes.INVALID_INPUT, "session add needs " + String.join(", ", missing)
                        + ".");
            }
            printSession(this, output, client().post("/api/v1/sessions", Json.write(definition.over(EMPTY))));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions and where they stand.")
    static final class ListSessions extends ClientCommand {
        @Mixin
        OutputFormat output;

        @Override
        void run() {
            String body = client().get("/api/v1/sessions");
            if (output.json()) {
                out().println(Json.pretty(body));
                return;
            }
            try {
                PlainSessionList.table(body).print(out());
            } catch (java.io.IOException e) {
                throw new CliException(ExitCodes.INTERNAL, "The daemon's list of sessions could not be read ("
                        + e.getMessage() + "); is the daemon of the same Keyport version as this command?");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;
        @Mixin
        OutputFormat output;

        @Override
        void run() {
            printSession(this, output, client().get(path(session)));
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a session's fields (only those given).")
    static final class Edit extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;
        @Mixin
        DefinitionOptions definition;
        @Mixin
        OutputFormat output;

        @Override
        void run() {
            String current = client().get(path(session));
            // A provider detected from the SAML URL is not sent back: the daemon detects it again (from the new URL,
            // if it changes). Only one named in the session, or given now with --provider, sticks.
            SessionView shown = Json.read(current, SessionView.class);
            // (A daemon older than this CLI does not say; then the provider is kept, as that daemon expects.)
            boolean chosen = shown.providerChosen() == null || shown.providerChosen();
            printSession(this, output, client().put(path(session), chosen
                    ? Json.overlay(current, SessionRequest.class, definition.over(EMPTY))
                    : Json.overlay(current, SessionRequest.class, definition.over(EMPTY), "providerId")));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a session (its profile is withdrawn first).")
    static final class Remove extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Mixin
        OutputFormat output;

        @Override
        void run() {
            client().delete(path(session));
            // The daemon answers a removal with no body; a script has the exit code, and JSON readers an object.
            out().println(output.json() ? "{\"removed\": true}" : "Session '" + session + "' removed.");
        }
    }
}
