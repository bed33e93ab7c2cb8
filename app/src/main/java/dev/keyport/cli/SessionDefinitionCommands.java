package dev.keyport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
