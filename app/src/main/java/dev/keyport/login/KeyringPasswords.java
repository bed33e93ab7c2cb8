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

    /** A keyring call; a keyring that is missing or refuses is logged (never with the secret) and counts as empty. */
    private static <T> Optional<T> withKeyring(String doing, KeyringCall<T> call) {
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
