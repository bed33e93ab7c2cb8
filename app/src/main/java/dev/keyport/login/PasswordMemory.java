package dev.keyport.login;

import java.util.Optional;

/** Where a headless login's long-lived secrets (passwords, API client secrets) may be remembered, for one IdP. */
interface PasswordMemory {

    /** The secret remembered for {@code account}, if any; the caller owns (and wipes) the array. */
    Optional<char[]> recall(String account);

    /** Remembers a secret the IdP just accepted. */
    void remember(String account, char[] secret);

    /** Forgets a secret the IdP refused. */
    void forget(String account);

    /** Remembers nothing: every login asks. */
    PasswordMemory NONE = new PasswordMemory() {
        @Override
        public Optional<char[]> recall(String account) {
            return Optional.empty();
        }

        @Override
        public void remember(String account, char[] secret) {
        }

        @Override
        public void forget(String account) {
        }
    };
}
