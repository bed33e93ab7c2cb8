package dev.keyport.login;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Optional;

/**
 * Remembering headless-login secrets in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows), when the user allows it with {@code keyport.login.remember-passwords=true}. Otherwise, and
 * when no keyring answers, nothing is remembered and every login asks. Keyport never writes a secret to a file of
 * its own.
 *
 * <p>Entries are under the service {@value #SERVICE}, with the account {@code <provider> <IdP host> <account>}
 * (say {@code okta acme.okta.com alice}), so that a secret is only ever offered to the IdP it was given for.
 */
@Singleton
public class KeyringPasswords {
    static final String SERVICE = "keyport";
    static final int KEYRING_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(KeyringPasswords.class);

    private final LoginConfig config;

    public KeyringPasswords(LoginConfig config) {
        this.config = config;
    }

    /** The memory for one IdP: the keyring where allowed, else none. */
    PasswordMemory forIdp(String providerId, URI samlUrl) {
        if (!config.rememberPasswords()) {
            return PasswordMemory.NONE;
        }
        String prefix = providerId + " " + samlUrl.getRawAuthority() + " ";
        return new PasswordMemory() {
            @Override
            public Optional<char[]> recall(String account) {
                return withKeyring("reading", k -> {
                    String value = k.getPassword(SERVICE, prefix + account);
                    return value == null ? null : value.toCharArray();
                });
            }

            @Override
            public void remember(String account, char[] secret) {
                withKeyring("saving to", k -> {
                    k.setPassword(SERVICE, prefix + account, new String(secret));
                    return Boolean.TRUE;
                });
            }

            @Override
            public void forget(String account) {
                withKeyring("removing from", k -> {
                    k.deletePassword(SERVICE, prefix + account);
                    return Boolean.TRUE;
                });
            }
        };
    }

    private interface KeyringCall<T> {
        T call(Keyring keyring) throws PasswordAccessException;
    }

    /**
     * A keyring call, given {@value #KEYRING_SECONDS} seconds: a keyring that is locked may put up an unlock dialog,
     * which must not hold a sign-in (a refresh no one watches, say) for good. A keyring that is missing, refuses or
     * does not answer in time is logged (never with the secret) and counts as empty.
     */
    private static <T> Optional<T> withKeyring(String doing, KeyringCall<T> call) {
        java.util.concurrent.CompletableFuture<Optional<T>> answer = new java.util.concurrent.CompletableFuture<>();
        Thread caller = new Thread(() -> answer.complete(callKeyring(doing, call)), "keyport-keyring");
        caller.setDaemon(true);
        caller.start();
        try {
            return answer.get(KEYRING_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("Keyring: %s it did not answer within %d s (locked?); Keyport asks for the password.", doing,
                    KEYRING_SECONDS);
            return Optional.empty();
        }
    }

    private static <T> Optional<T> callKeyring(String doing, KeyringCall<T> call) {
        try (Keyring keyring = Keyring.create()) {
            return Optional.ofNullable(call.call(keyring));
        } catch (BackendNotSupportedException e) {
            LOG.warnf("No OS keyring is available (%s); Keyport asks for the password each time.",
                    e.getClass().getSimpleName());
        } catch (PasswordAccessException e) {
            // Reading an entry that does not exist lands here too: nothing remembered yet.
            LOG.debugf("Keyring: %s it failed (%s)", doing, e.getClass().getSimpleName());
        } catch (Exception e) {
            LOG.warnf("Keyring: %s it failed (%s); Keyport asks for the password each time.", doing,
                    e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
