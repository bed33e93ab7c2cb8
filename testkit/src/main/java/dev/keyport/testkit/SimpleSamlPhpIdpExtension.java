package dev.keyport.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link SimpleSamlPhpIdp} per test class: started before all its tests, optionally registered with an
 * {@link StsEmulator} as an IAM SAML provider, and closed (php killed, folder deleted) after all of them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SimpleSamlPhpIdpExtension simpleSamlPhp = SimpleSamlPhpIdpExtension
 *         .withUser("alice", PASSWORD, List.of(ROLE + "," + PROVIDER), "alice@example.com")
 *         .trustedBy(() -> KeyportTestEnvironment.current().sts(), PROVIDER);
 * ...
 * simpleSamlPhp.idp().loginUrl()
 * }</pre>
 *
 * <p>Register it on a {@code static} field: only then are its callbacks class-level. The emulator is a
 * {@link Supplier} because in a {@code @QuarkusTest} it exists only once Quarkus has started its test resources, which
 * happens in Quarkus' own {@code beforeAll}. JUnit registers class-level {@code @ExtendWith} extensions (the one
 * {@code @QuarkusTest} carries) before {@code static @RegisterExtension} fields and calls {@code beforeAll} in that
 * order, {@code afterAll} in reverse; so the supplier is asked after Quarkus is up, every test sees a trusted IdP, and
 * the IdP is closed before Quarkus' own {@code afterAll}.
 *
 * <p>Configure it before the class runs; to change the running IdP (a user, a stop and start) use {@link #idp()}.
 * The class's tests share the IdP, users and sign-in sessions included; {@code @Nested} classes share the enclosing
 * class's IdP.
 */
public final class SimpleSamlPhpIdpExtension implements BeforeAllCallback, AfterAllCallback {

    private final SimpleSamlPhpIdp.Builder builder;
    private Supplier<StsEmulator> sts;
    private String providerArn;
    // volatile: JUnit may run callbacks and tests on different threads (parallel execution, timeouts).
    private volatile SimpleSamlPhpIdp idp;
    // The class whose beforeAll started the IdP: JUnit calls both callbacks for @Nested classes as well.
    private volatile String owner;

    private SimpleSamlPhpIdpExtension(SimpleSamlPhpIdp.Builder builder) {
        this.builder = builder;
    }

    /** An IdP with this user (see {@link SimpleSamlPhpIdp.User}) and the default AWS SP. */
    public static SimpleSamlPhpIdpExtension withUser(String username, String password, List<String> roles,
            String sessionName) {
        return new SimpleSamlPhpIdpExtension(SimpleSamlPhpIdp.builder().user(username, password, roles, sessionName));
    }

    /** As {@link #withUser(String, String, List, String)}, with a SessionDuration attribute (seconds). */
    public static SimpleSamlPhpIdpExtension withUser(String username, String password, List<String> roles,
            String sessionName, Integer sessionDuration) {
        return new SimpleSamlPhpIdpExtension(SimpleSamlPhpIdp.builder()
                .user(username, password, roles, sessionName, sessionDuration));
    }

    /** Any IdP the builder describes (several users, another ACS or SP); it is started once per class. */
    public static SimpleSamlPhpIdpExtension of(SimpleSamlPhpIdp.Builder builder) {
        return new SimpleSamlPhpIdpExtension(Objects.requireNonNull(builder));
    }

    /** Adds another user to the IdP this extension starts. */
    public SimpleSamlPhpIdpExtension user(String username, String password, List<String> roles, String sessionName) {
        builder.user(username, password, roles, sessionName);
        return this;
    }

    /**
     * Once started, registers the IdP with the emulator {@code sts} supplies as the IAM SAML provider
     * {@code providerArn} (see {@link SimpleSamlPhpIdp#trustedBy}). The supplier is asked in {@code beforeAll}, not
     * now: a test environment's emulator may not exist yet when the field is initialised.
     */
    public SimpleSamlPhpIdpExtension trustedBy(Supplier<StsEmulator> sts, String providerArn) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.providerArn = Objects.requireNonNull(providerArn, "providerArn");
        return this;
    }

    /** The running IdP; only between {@code beforeAll} and {@code afterAll}. */
    public SimpleSamlPhpIdp idp() {
        SimpleSamlPhpIdp running = idp;
        if (running == null) {
            throw new IllegalStateException("the SimpleSAMLphp IdP runs only while its test class does: register "
                    + "this extension on a static @RegisterExtension field");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (idp != null) {
            return; // a @Nested class: the enclosing class's IdP serves it
        }
        owner = context.getUniqueId();
        // Assigned before the trust is registered: should that fail, JUnit still calls afterAll, which closes the IdP.
        idp = builder.start();
        if (sts != null) {
            StsEmulator emulator;
            try {
                emulator = sts.get();
            } catch (RuntimeException e) {
                // In a @QuarkusTest this is what a failed application start looks like from here; say so.
                throw new IllegalStateException("no StsEmulator to trust " + idp + " as " + providerArn
                        + " (in a @QuarkusTest: did the application and its test resources start?)", e);
            }
            idp.trustedBy(emulator, providerArn);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return; // a @Nested class ends; the enclosing class's tests may still use the IdP
        }
        SimpleSamlPhpIdp running = idp;
        idp = null;
        owner = null;
        if (running != null) {
            running.close();
        }
    }
}
