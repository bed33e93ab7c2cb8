package dev.keyport.login;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.LoginPrompter;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A headless login's questions, put to whoever drives the session: each becomes the session's open {@link Challenge}
 * (shown by the API, announced by a STARTING event) until an answer comes. Passwords may come from, and go to, the
 * {@link PasswordMemory} instead, where the user allowed it.
 */
final class SessionPrompter implements LoginPrompter {
    private final String sessionId;
    private final PendingChallenges challenges;
    private final LoginProgress progress;
    private final PasswordMemory memory;
    private final Duration timeout;
    private final boolean attended;
    /** Passwords typed in this login, to remember once it succeeds. */
    private final Map<String, char[]> typed = new LinkedHashMap<>();
    private String note;

    SessionPrompter(String sessionId, PendingChallenges challenges, LoginProgress progress, PasswordMemory memory,
                    Duration timeout, boolean attended) {
        this.sessionId = sessionId;
        this.challenges = challenges;
        this.progress = progress;
        this.memory = memory;
        this.timeout = timeout;
        this.attended = attended;
    }

    @Override
    public String ask(String question, String suggestion) {
        String answer = open(Challenge.Kind.TEXT, question, suggestion, List.of()).text();
        return answer.isBlank() && suggestion != null ? suggestion : answer.strip();
    }

    @Override
    public char[] askSecret(String question) {
        return open(Challenge.Kind.SECRET, question, null, List.of()).text().toCharArray();
    }

    @Override
    public int choose(String question, List<String> options) {
        return open(Challenge.Kind.CHOICE, question, null, options).choice();
    }

    @Override
    public void tell(String message) {
        // Shown with the next question (a refused code is asked again), and in the status meanwhile.
        note = message;
        progress.waitingForUser(message);
    }

    @Override
    public char[] askPassword(String question, String account) {
        Optional<char[]> remembered = memory.recall(account);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        char[] password = askSecret(question);
        typed.put(account, password.clone());
        return password;
    }

    @Override
    public void passwordRefused(String account) {
        memory.forget(account);
        char[] refused = typed.remove(account);
        if (refused != null) {
            Arrays.fill(refused, '\0');
        }
    }

    @Override
    public boolean attended() {
        return attended;
    }

    @Override
    public void pushSent(String message, String numberToTap) {
        Challenge push = new Challenge(UUID.randomUUID().toString(), Challenge.Kind.PUSH, message, null, List.of(),
                numberToTap, takeNote());
        challenges.show(sessionId, push);
        progress.waitingForUser(push.waitingFor());
    }

    /** The login succeeded: the passwords typed in it are remembered (where allowed), and all copies wiped. */
    void succeeded() {
        typed.forEach(memory::remember);
        ended();
    }

    /** The login ended: nothing stays open, no password stays in memory. */
    void ended() {
        challenges.clear(sessionId);
        typed.values().forEach(p -> Arrays.fill(p, '\0'));
        typed.clear();
    }

    private ChallengeAnswer open(Challenge.Kind kind, String question, String suggestion, List<String> choices) {
        if (!attended) {
            throw needsYou("\"" + question + "\"");
        }
        Challenge challenge = new Challenge(UUID.randomUUID().toString(), kind, question, suggestion, choices, null,
                takeNote());
        // Opened before it is announced: a client that reads the session on the announcement finds it.
        return challenges.ask(sessionId, challenge, timeout, () -> progress.waitingForUser(challenge.waitingFor()));
    }

    /** What a sign-in no person asked for says when the IdP wants the person. */
    static KeyportException needsYou(String what) {
        return new KeyportException(ErrorCategory.CONFLICT, "The IdP wants " + what + ", and this sign-in ran by"
                + " itself with no one to answer. Refresh or start the session yourself (keyport session refresh)"
                + " to answer.");
    }

    private String takeNote() {
        String n = note;
        note = null;
        return n;
    }
}
