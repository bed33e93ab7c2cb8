package dev.keyport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon speaks to every client in the REST API's words: JSON field names ({@code samlUrl}), routes
 * ({@code GET /api/v1/sessions}). Someone at the command line knows flags and commands, so the CLI turns those words
 * into its own before it prints a daemon's message (errors, warnings, a session's last error). Only whole words
 * written as the API writes them are replaced; a newer daemon's unknown words pass through unchanged.
 */
final class CliWords {
    /** API words and their CLI equivalents; longer phrases first, so they win over the words inside them. */
    static final Map<String, String> API_TO_CLI = new LinkedHashMap<>();

    static {
        API_TO_CLI.put("replaceProfile: true", "--replace-profile");
        API_TO_CLI.put("GET /api/v1/sessions", "keyport session list");
        API_TO_CLI.put("GET /api/v1/providers", "keyport provider list");
        API_TO_CLI.put("see /api/v1/openapi", "see keyport --help");
        API_TO_CLI.put("profileName", "--profile");
        API_TO_CLI.put("samlUrl", "--saml-url");
        API_TO_CLI.put("idpArn", "--idp-arn");
        API_TO_CLI.put("roleArn", "--role-arn");
        API_TO_CLI.put("providerId", "--provider");
        API_TO_CLI.put("durationSeconds", "--duration");
        API_TO_CLI.put("parentSession", "--parent");
        API_TO_CLI.put("loginPagePatterns", "--login-page-pattern");
        API_TO_CLI.put("assertionConsumerPatterns", "--acs-pattern");
        API_TO_CLI.put("replaceProfile", "--replace-profile");
        API_TO_CLI.put("samlResponse", "--assertion-file");
        API_TO_CLI.put("loginFlow BROWSER", "--login-flow browser");
        API_TO_CLI.put("loginFlow HEADLESS", "--login-flow headless");
        API_TO_CLI.put("loginFlow", "--login-flow");
        API_TO_CLI.put("username", "--username");
    }

    private static final Pattern API_WORD;

    static {
        StringBuilder alternatives = new StringBuilder();
        for (String word : API_TO_CLI.keySet()) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(word));
        }
        // Not inside a longer word, a path or a flag: "x_samlUrl", "/api/v1/sessions/x", "--samlUrl" stay as they are.
        API_WORD = Pattern.compile("(?<![\\w/-])(?:" + alternatives + ")(?![\\w/])");
    }

    private CliWords() {
    }

    /** A value the daemon quotes ('acme-prod', a role name from the IdP): the user's words, never translated. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    /** {@code text} with the API's words replaced by the CLI's, outside quoted values; null stays null. */
    static String fromApi(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        Matcher quoted = QUOTED.matcher(text);
        int from = 0;
        while (quoted.find()) {
            out.append(translate(text.substring(from, quoted.start()))).append(quoted.group());
            from = quoted.end();
        }
        return out.append(translate(text.substring(from))).toString();
    }

    private static String translate(String words) {
        Matcher m = API_WORD.matcher(words);
        StringBuilder out = new StringBuilder(words.length() + 16);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(API_TO_CLI.get(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
