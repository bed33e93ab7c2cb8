package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code keyport session ...}: one nested class per subcommand. */
@Command(name = "session", mixinStandardHelpOptions = true, description = "Create, start and manage federated sessions.",
        subcommands = {SessionCommand.Add.class, SessionCommand.ListSessions.class, SessionCommand.Show.class,
                SessionCommand.Edit.class, SessionCommand.Remove.class, SessionCommand.Start.class,
                SessionCommand.Stop.class, SessionCommand.Refresh.class, SessionCommand.Logout.class})
final class SessionCommand {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    static String path(String session) {
        return "/api/v1/sessions/" + DaemonClient.encode(session);
    }

    /** The fields of a session definition, as options (all optional for {@code edit}). */
    static final class DefinitionOptions {
        @Option(names = "--alias", description = "Name to refer to the session by.")
        String alias;
        @Option(names = "--profile", description = "Named profile to deliver to (aws --profile NAME).")
        String profile;
        @Option(names = "--region", description = "Default region written with the profile.")
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
        @Option(names = "--delivery", paramLabel = "HOW", description = "credentials-file (default): keys in the"
                + " credentials file; credential-process: the config profile runs 'keyport credential-process'.")
        String delivery;

        /** Writes the options that were given over {@code body}. */
        ObjectNode applyTo(ObjectNode body) {
            put(body, "alias", alias);
            put(body, "profileName", profile);
            put(body, "region", region);
            put(body, "samlUrl", samlUrl);
            put(body, "idpArn", idpArn);
            put(body, "roleArn", roleArn);
            put(body, "providerId", provider);
            put(body, "parentSession", parent);
            if (duration != null) {
                body.put("durationSeconds", duration);
            }
            if (delivery != null) {
                body.put("delivery", switch (delivery) {
                    case "credentials-file" -> "CREDENTIALS_FILE";
                    case "credential-process" -> "CREDENTIAL_PROCESS";
                    default -> throw new CliException(ExitCodes.INVALID_INPUT, "--delivery is credentials-file or"
                            + " credential-process, not '" + delivery + "'.");
                });
            }
            putList(body, "loginPagePatterns", loginPagePatterns);
            putList(body, "assertionConsumerPatterns", acsPatterns);
            return body;
        }

        private static void put(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }

        private static void putList(ObjectNode body, String field, List<String> values) {
            if (values != null) {
                ArrayNode array = body.putArray(field);
                values.forEach(array::add);
            }
        }
    }

    /** Prints a session as JSON or as "field: value" lines. */
    static void printSession(ClientCommand command, OutputFormat output, JsonNode s) {
        if (output.json()) {
            command.out().println(Json.pretty(s));
            return;
        }
        Table t = new Table("FIELD", "VALUE");
        for (String f : List.of("alias", "id", "status", "profileName", "region", "roleArn", "idpArn", "samlUrl",
                "providerId", "providerReason", "parentSession", "delivery", "identityArn", "expiresAt",
                "statusDetail", "lastError")) {
            String v = Json.text(s, f);
            if (!v.isEmpty()) {
                t.row(f, v);
            }
        }
        for (JsonNode w : s.path("warnings")) {
            t.row("warning", w.asText());
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
            if (definition.profile == null) missing.add("--profile");
            if (definition.region == null) missing.add("--region");
            if (definition.samlUrl == null && definition.parent == null) missing.add("--saml-url (or --parent)");
            if (definition.idpArn == null && definition.parent == null) missing.add("--idp-arn");
            if (definition.roleArn == null) missing.add("--role-arn");
            if (!missing.isEmpty()) {
                throw new CliException(ExitCodes.INVALID_INPUT, "session add needs " + String.join(", ", missing)
                        + ".");
            }
            JsonNode created = Json.parse(client().post("/api/v1/sessions",
                    Json.compact(definition.applyTo(Json.object()))));
            printSession(this, output, created);
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
                out().println(Json.pretty(Json.parse(body)));
                return;
            }
            Table t = new Table("ALIAS", "STATUS", "PROFILE", "REGION", "ROLE", "EXPIRES");
            for (JsonNode s : Json.parse(body)) {
                t.row(Json.text(s, "alias"), Json.text(s, "status"), Json.text(s, "profileName"),
                        Json.text(s, "region"), Json.text(s, "roleArn"), localTime(Json.text(s, "expiresAt")));
            }
            t.print(out());
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
            printSession(this, output, Json.parse(client().get(path(session))));
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
            JsonNode current = Json.parse(client().get(path(session)));
            ObjectNode body = Json.object();
            for (String f : List.of("alias", "profileName", "region", "samlUrl", "idpArn", "roleArn", "providerId",
                    "durationSeconds", "loginPagePatterns", "assertionConsumerPatterns", "delivery", "parentSession")) {
                if (current.hasNonNull(f)) {
                    body.set(f, current.get(f));
                }
            }
            definition.applyTo(body);
            printSession(this, output, Json.parse(client().put(path(session), Json.compact(body))));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a session (its profile is withdrawn first).")
    static final class Remove extends ClientCommand {
        @Parameters(paramLabel = "SESSION", description = "Alias or id.")
        String session;

        @Override
        void run() {
            client().delete(path(session));
            out().println("Session '" + session + "' removed.");
        }
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

    static String localTime(String isoInstant) {
        if (isoInstant.isEmpty()) {
            return "";
        }
        return LOCAL_TIME.format(Instant.parse(isoInstant));
    }

    /** "2026-11-28 14:05:00 (in 59 min)" */
    static String until(String isoInstant) {
        if (isoInstant.isEmpty()) {
            return "an unknown time";
        }
        Instant at = Instant.parse(isoInstant);
        long minutes = Duration.between(Instant.now(), at).toMinutes();
        return LOCAL_TIME.format(at) + " (in " + minutes + " min)";
    }
}
