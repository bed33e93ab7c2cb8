package dev.keyport.api.model;

/**
 * The body of {@code POST /api/v1/sessions/{idOrAlias}/challenge}: the answer to the session's open challenge.
 *
 * @param challengeId the {@code id} of the challenge answered (an answer to an older one is refused)
 * @param text        for TEXT and SECRET challenges: the answer (for SECRET, a secret: never printed)
 * @param choice      for CHOICE challenges: the index of the option picked
 * @param cancel      {@code true} calls the sign-in off instead
 */
public record ChallengeAnswerRequest(String challengeId, String text, Integer choice, Boolean cancel) {

    @Override
    public String toString() {
        return "ChallengeAnswerRequest[challengeId=" + challengeId + ", text=" + (text == null ? "none" : "<redacted>")
                + ", choice=" + choice + ", cancel=" + cancel + "]";
    }
}
