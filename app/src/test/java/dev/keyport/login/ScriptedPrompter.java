package dev.keyport.login;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.LoginPrompter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A person who answers a headless login's questions from a script, and notes what they were asked and told. */
final class ScriptedPrompter implements LoginPrompter {
    private final Deque<String> answers;
    final List<String> asked = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final List<String> pushNumbers = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    /** False: no one is there (a sign-in the daemon runs by itself). */
    boolean attended = true;

    ScriptedPrompter(String... answers) {
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    private String next(String question) {
        asked.add(question);
        if (answers.isEmpty()) {
            throw new KeyportException(ErrorCategory.CONFLICT, "the script has no answer to: " + question);
        }
        return answers.removeFirst();
    }

    @Override
    public String ask(String question, String suggestion) {
        return next(question);
    }

    @Override
    public char[] askSecret(String question) {
        return next(question).toCharArray();
    }

    @Override
    public int choose(String question, List<String> options) {
        String answer = next(question + " " + options);
        int index = options.indexOf(answer);
        if (index < 0) {
            throw new AssertionError("no option '" + answer + "' in " + options);
        }
        return index;
    }

    @Override
    public void tell(String message) {
        told.add(message);
    }

    @Override
    public void passwordRefused(String account) {
        refused.add(account);
    }

    @Override
    public boolean attended() {
        return attended;
    }

    @Override
    public void pushSent(String message, String numberToTap) {
        told.add(message);
        pushNumbers.add(numberToTap);
    }

    /** Whether every scripted answer was used. */
    boolean done() {
        return answers.isEmpty();
    }
}
