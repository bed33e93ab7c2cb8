package dev.keyport.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of the test kit's Okta and OneLogin API emulators: one per behaviour a headless login must handle. All
 * share the password {@link #PASSWORD}; a code from an authenticator app is {@link #TOTP_CODE}, a code sent by SMS
 * {@link #SMS_CODE}.
 */
public final class EmulatedUsers {
    public static final String PASSWORD = "correct horse battery staple";
    public static final String TOTP_CODE = "123456";
    public static final String SMS_CODE = "654321";
    /** The number an Okta Verify push asks the user to tap (number matching). */
    public static final String PUSH_NUMBER = "42";

    /** What a user's sign-in asks for and how it ends. */
    public enum Factor {
        /** A code from an authenticator app. */
        TOTP,
        /** A code sent by SMS. */
        SMS,
        /** A push that is approved after two polls. */
        PUSH,
        /** A push that is rejected on the phone. */
        PUSH_REJECTED,
        /** A push nobody answers. */
        PUSH_TIMEOUT
    }

    /**
     * @param factors the second factors enrolled (none: the password alone signs in)
     * @param locked  the account is locked out
     */
    public record User(List<Factor> factors, boolean locked) {
    }

    private static final Map<String, User> USERS = Map.of(
            "alice", new User(List.of(), false),
            "totp", new User(List.of(Factor.TOTP), false),
            "sms", new User(List.of(Factor.SMS), false),
            "push", new User(List.of(Factor.PUSH), false),
            "push-rejected", new User(List.of(Factor.PUSH_REJECTED), false),
            "push-timeout", new User(List.of(Factor.PUSH_TIMEOUT), false),
            "multi", new User(List.of(Factor.PUSH, Factor.TOTP, Factor.SMS), false),
            "locked", new User(List.of(), true));

    private EmulatedUsers() {
    }

    public static Optional<User> user(String name) {
        return Optional.ofNullable(name == null ? null : USERS.get(name));
    }
}
