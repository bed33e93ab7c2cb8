package dev.keyport.login;

/** What a running login tells the session it serves. */
@FunctionalInterface
public interface LoginProgress {

    /** The login now waits for the user, e.g. "waiting for you to sign in in the browser window". */
    void waitingForUser(String reason);

    LoginProgress NONE = reason -> {
    };
}
