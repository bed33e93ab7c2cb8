package dev.keyport.spi;

import java.util.List;

/**
 * The user's side of a {@link HeadlessLogin}: Keyport implements it with the terminal or the REST client that started
 * the session. Every call may block until the user answers; a user who cancels, or does not answer in time, makes the
 * call throw a {@link KeyportException} of category {@link ErrorCategory#CONFLICT}, and a stop of the session
 * interrupts it.
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

    /** Shows a message the user must act on. */
    void tell(String message);

    /**
     * Asks for a long-lived secret of {@code account} (a password, an API client secret). Unlike a one-time code, the
     * host may remember it, where the user has allowed that (the OS keyring), and answer from memory without asking;
     * {@link #passwordRefused} tells it that a remembered one is wrong.
     *
     * @param account whose secret it is, unique within the IdP (a user name, {@code "client:" + clientId})
     * @since SPI 1.4
     */
    default char[] askPassword(String question, String account) {
        return askSecret(question);
    }

    /**
     * The IdP refused the secret {@link #askPassword} gave for {@code account}: the host forgets it, if it remembered
     * it, so the next login asks again.
     *
     * @since SPI 1.4
     */
    default void passwordRefused(String account) {
    }

    /**
     * Whether a person is there to answer: false for a sign-in the host runs by itself (a scheduled refresh, a start
     * on demand for a program). Then every question throws, and a provider must not send a push (it would reach a
     * phone whose owner did not ask for it): it uses what it kept (an IdP session), or throws
     * {@link ErrorCategory#CONFLICT} saying that the person is needed.
     *
     * @since SPI 1.4
     */
    default boolean attended() {
        return true;
    }

    /**
     * A push notification was sent to the user's device and the login now waits for it to be approved.
     *
     * @param message      what to tell the user, e.g. "Approve the Okta Verify push on your phone"
     * @param numberToTap  the number the user must pick in the notification (number matching), or null
     * @since SPI 1.4
     */
    default void pushSent(String message, String numberToTap) {
        tell(numberToTap == null ? message : message + " (tap " + numberToTap + ")");
    }
}
