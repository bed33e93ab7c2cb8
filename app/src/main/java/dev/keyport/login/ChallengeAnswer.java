package dev.keyport.login;

/**
 * A user's answer to a {@link Challenge}: text for TEXT and SECRET, an index for CHOICE, or a cancel.
 *
 * @param text   the answer typed; a secret for SECRET challenges, so never printed
 * @param choice the index picked
 * @param cancel the user calls the login off
 */
public record ChallengeAnswer(String text, Integer choice, boolean cancel) {

    @Override
    public String toString() {
        return "ChallengeAnswer[text=" + (text == null ? "none" : "<redacted>") + ", choice=" + choice + ", cancel="
                + cancel + "]";
    }
}
