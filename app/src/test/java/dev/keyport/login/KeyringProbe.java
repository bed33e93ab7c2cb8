package dev.keyport.login;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/**
 * Run by {@link KeyringPasswordsIT} in a child JVM on a private D-Bus session with a real Secret Service
 * (gnome-keyring): remembers a secret through {@link KeyringPasswords}, reads it back, forgets it. Prints one line per
 * step; exits 0 when each did what it should.
 */
public final class KeyringProbe {
    private KeyringProbe() {
    }

    /** {@code SECRET remember}: nothing there yet, then remembered and recalled; {@code SECRET forget}: recalled by a
     *  new JVM, then forgotten. */
    public static void main(String[] args) {
        char[] secret = args[0].toCharArray();
        PasswordMemory memory = memory("https://acme.okta.com/home/amazon_aws/0oa1/272");
        boolean ok;
        if ("remember".equals(args[1])) {
            boolean empty = memory.recall("alice").isEmpty();
            memory.remember("alice", secret);
            boolean recalled = memory.recall("alice").map(p -> Arrays.equals(p, secret)).orElse(false);
            boolean otherIdp = memory("https://evil.okta.com/home/amazon_aws/0oa1/272").recall("alice").isEmpty();
            System.out.println("empty at first: " + empty + ", recalled: " + recalled + ", not offered to another IdP: "
                    + otherIdp);
            ok = empty && recalled && otherIdp;
        } else {
            boolean recalled = memory.recall("alice").map(p -> Arrays.equals(p, secret)).orElse(false);
            memory.forget("alice");
            boolean forgotten = memory.recall("alice").isEmpty();
            System.out.println("recalled by a new process: " + recalled + ", forgotten: " + forgotten);
            ok = recalled && forgotten;
        }
        System.exit(ok ? 0 : 1);
    }

    private static PasswordMemory memory(String samlUrl) {
        return new KeyringPasswords(new LoginConfig() {
            @Override
            public Duration answerTimeout() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration idpTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public boolean rememberPasswords() {
                return true;
            }
        }).forIdp("okta", URI.create(samlUrl));
    }
}
