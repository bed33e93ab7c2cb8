package dev.keyport.login;

import java.util.List;

/**
 * What a headless login waits for the user to answer (or, for {@link Kind#PUSH}, to do on a phone). Never holds a
 * secret: the prompt says what is asked, the answer goes to {@link PendingChallenges#answer}.
 *
 * @param id         this challenge's id; an answer names it, so that it cannot land on a later question
 * @param kind       what sort of answer is wanted
 * @param prompt     the question, e.g. "Okta password for alice"
 * @param suggestion for {@link Kind#TEXT}: a default answer, or null
 * @param choices    for {@link Kind#CHOICE}: the options, answered by index; otherwise empty
 * @param number     for {@link Kind#PUSH}: the number to tap in the notification, or null
 * @param note       what the IdP said about the last answer ("Okta refused that code; try again"), or null
 */
public record Challenge(String id, Kind kind, String prompt, String suggestion, List<String> choices, String number,
                        String note) {

    public enum Kind {
        /** Text that is not secret (a user name). */
        TEXT,
        /** A secret (password, one-time code): never echoed, never stored. */
        SECRET,
        /** One of {@link Challenge#choices()}, by index. */
        CHOICE,
        /** Nothing to type: approve the push notification on the phone (tapping {@link Challenge#number()}). */
        PUSH
    }

    public Challenge {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** What the session's status says while this is open. */
    public String waitingFor() {
        return switch (kind) {
            case TEXT, SECRET -> "waiting for your answer: " + prompt;
            case CHOICE -> "waiting for your choice: " + prompt;
            case PUSH -> number == null ? prompt : prompt + "; tap " + number;
        };
    }
}
