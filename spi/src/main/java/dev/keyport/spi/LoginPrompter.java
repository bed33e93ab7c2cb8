package dev.keyport.spi;

import java.util.List;

/**
 * The user's side of a {@link HeadlessLogin}: Keyport implements it with the terminal or the REST client that started
 * the session. Every call may block until the user answers.
 *
 * @since SPI 1.2
 */
public interface LoginPrompter {

    /** Asks for something that is not secret (a user name); {@code suggestion} may be null. */
    String ask(String question, String suggestion);

    /**
     * Asks for a secret (password, one-time code) without echoing it. The caller owns the returned array and should
     * overwrite it once used.
     */
    char[] askSecret(String question);

    /**
     * Lets the user pick one of several options (for example which MFA factor to use).
     *
     * @return the index of the option chosen
     */
    int choose(String question, List<String> options);

    /** Shows a message the user must act on, such as the number to select in a push notification. */
    void tell(String message);
}
