package dev.keyport.api.model;

import java.util.List;

/**
 * What a session's headless login waits for, shown on the session while it waits. Answer it with
 * {@code POST /api/v1/sessions/{idOrAlias}/challenge} ({@link ChallengeAnswerRequest}). Holds no secret.
 *
 * @param id         the challenge's id, which the answer names
 * @param kind       {@code TEXT} (answer with text), {@code SECRET} (text, not to be echoed), {@code CHOICE}
 *                   (answer with the index of one of {@code choices}) or {@code PUSH} (nothing to answer: approve the
 *                   notification on the phone, tapping {@code number} where given)
 * @param prompt     the question, e.g. "Okta password for alice"
 * @param suggestion for TEXT: the answer an empty text stands for, or null
 * @param choices    for CHOICE: the options
 * @param number     for PUSH: the number to pick in the notification (number matching), or null
 * @param note       what the IdP said of the last answer ("Okta refused that code; try again"), or null
 */
public record ChallengeView(String id, String kind, String prompt, String suggestion, List<String> choices,
                            String number, String note) {
}
