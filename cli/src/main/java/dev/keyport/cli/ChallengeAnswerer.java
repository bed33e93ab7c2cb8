package dev.keyport.cli;

import dev.keyport.api.text.TerminalText;
import dev.keyport.api.model.ChallengeAnswerRequest;
import dev.keyport.api.model.ChallengeView;
import dev.keyport.api.model.SessionView;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts a session's headless-login questions to the person at the terminal and sends the answers to the daemon: the
 * CLI's side of {@code challenge} on a session and {@code POST /api/v1/sessions/{id}/challenge}. Each challenge is
 * handled once; a push is announced ("approve it on your phone, tap 42") and needs no answer.
 */
final class ChallengeAnswerer {
    private final DaemonClient client;
    /** Where the challenge is read (a session) and answered ({@code <path>/challenge}). */
    private final String path;
    private final PrintWriter err;
    private final TerminalInput input;
    private final Set<String> handled = new HashSet<>();

    /**
     * Whether a challenge was handled: the sign-in is then a headless one whose questions (and the IdP's notes) come
     * with its challenges, and the events' details would only repeat them.
     */
    synchronized boolean engaged() {
        return !handled.isEmpty();
    }

    /** @param path a session's API path, or a headless sign-in's ({@code /api/v1/assertions/sign-in/{id}}) */
    ChallengeAnswerer(DaemonClient client, String path, PrintWriter err) {
        this.client = client;
        this.path = path;
        this.err = err;
        this.input = new TerminalInput(err);
    }

    /**
     * Reads the session and answers its open challenge, if there is one not handled yet.
     *
     * @return whether the session has a challenge open (then the person has been told what it waits for)
     */
    synchronized boolean answerOpenChallenge() {
        return answer(Json.read(client.get(path), SessionView.class).challenge());
    }

    /**
     * Answers {@code challenge} unless it was handled already.
     *
     * @return whether there is a challenge (then the person has been told what it waits for)
     */
    synchronized boolean answer(ChallengeView challenge) {
        ChallengeView c = printable(challenge);
        if (c == null) {
            return false;
        }
        if (!handled.add(c.id())) {
            return true;
        }
        if (c.note() != null) {
            err.println("  " + c.note());
        }
        switch (String.valueOf(c.kind())) {
            case "PUSH" -> {
                err.println("  " + c.prompt() + (c.number() == null ? "." : ": tap " + c.number() + "."));
                err.flush();
            }
            case "SECRET" -> {
                char[] secret = input.secret("  " + c.prompt() + ": ");
                try {
                    send(secret == null ? cancel(c) : new ChallengeAnswerRequest(c.id(), new String(secret), null,
                            null));
                } finally {
                    if (secret != null) {
                        Arrays.fill(secret, '\0');
                    }
                }
            }
            case "CHOICE" -> send(choose(c));
            default -> {
                String suggestion = c.suggestion() == null ? "" : " [" + c.suggestion() + "]";
                String line = input.line("  " + c.prompt() + suggestion + ": ");
                send(line == null ? cancel(c) : new ChallengeAnswerRequest(c.id(), line, null, null));
            }
        }
        return true;
    }

    /** The challenge's texts come from the IdP in part (a device name, a phone number, its message): made safe. */
    private static ChallengeView printable(ChallengeView c) {
        return c == null ? null : new ChallengeView(c.id(), c.kind(), TerminalText.printable(c.prompt()),
                TerminalText.printable(c.suggestion()), c.choices() == null ? null
                : c.choices().stream().map(TerminalText::printable).toList(), TerminalText.printable(c.number()),
                TerminalText.printable(c.note()));
    }

    private ChallengeAnswerRequest choose(ChallengeView c) {
        List<String> choices = c.choices() == null ? List.of() : c.choices();
        err.println("  " + c.prompt() + ":");
        for (int i = 0; i < choices.size(); i++) {
            err.println("    " + (i + 1) + ") " + choices.get(i));
        }
        while (true) {
            String line = input.line("  Choose 1-" + choices.size() + ": ");
            if (line == null) {
                return cancel(c);
            }
            try {
                int picked = Integer.parseInt(line.strip());
                if (picked >= 1 && picked <= choices.size()) {
                    return new ChallengeAnswerRequest(c.id(), null, picked - 1, null);
                }
            } catch (NumberFormatException e) {
                // asked again below
            }
            err.println("  '" + line.strip() + "' is not one of 1-" + choices.size() + ".");
        }
    }

    private static ChallengeAnswerRequest cancel(ChallengeView c) {
        return new ChallengeAnswerRequest(c.id(), null, null, Boolean.TRUE);
    }

    private void send(ChallengeAnswerRequest answer) {
        try {
            client.post(path + "/challenge", Json.write(answer));
        } catch (CliException e) {
            // The login moved on (timed out, was stopped): the start's own answer says what happened.
            err.println("  " + TerminalText.printable(CliWords.fromApi(e.getMessage())));
        }
    }
}
