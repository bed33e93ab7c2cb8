package dev.keyport.testkit;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link StsEmulator} and one {@link SamlResponseFactory} per test class, the emulator trusting the factory's
 * signing key as the IAM SAML provider given: both created before all the class's tests, the emulator closed after all
 * of them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StsEmulatorExtension emulator = StsEmulatorExtension.withProvider(PROVIDER);
 * ...
 * String assertion = emulator.saml().google().rolePair(ROLE, PROVIDER).build().base64();
 * URI endpoint = emulator.sts().endpoint();
 * }</pre>
 *
 * <p>Register it on a {@code static} field: only then are its callbacks class-level. The class's tests share one
 * emulator, so what it records (requests, issued credentials, injected failures) carries over from test to test;
 * tests that count requests clear them in {@code @AfterEach} ({@link StsEmulator#clearRecords()}). {@code @Nested}
 * classes share the enclosing class's emulator.
 */
public final class StsEmulatorExtension implements BeforeAllCallback, AfterAllCallback {

    private final String providerArn;
    // volatile: JUnit may run callbacks and tests on different threads (parallel execution, timeouts).
    private volatile SamlResponseFactory saml;
    private volatile StsEmulator sts;
    // The class whose beforeAll started the emulator: JUnit calls both callbacks for @Nested classes as well.
    private volatile String owner;

    private StsEmulatorExtension(String providerArn) {
        this.providerArn = providerArn;
    }

    /** An emulator that trusts the factory's key as the IAM SAML provider {@code providerArn}. */
    public static StsEmulatorExtension withProvider(String providerArn) {
        return new StsEmulatorExtension(Objects.requireNonNull(providerArn, "providerArn"));
    }

    /** The running emulator; only between {@code beforeAll} and {@code afterAll}. */
    public StsEmulator sts() {
        StsEmulator running = sts;
        if (running == null) {
            throw notRunning();
        }
        return running;
    }

    /** The factory whose assertions the emulator accepts; only between {@code beforeAll} and {@code afterAll}. */
    public SamlResponseFactory saml() {
        SamlResponseFactory factory = saml;
        if (factory == null) {
            throw notRunning();
        }
        return factory;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (sts != null) {
            return; // a @Nested class: the enclosing class's emulator serves it
        }
        owner = context.getUniqueId();
        saml = new SamlResponseFactory();
        sts = new StsEmulator();
        sts.registerProvider(providerArn, saml.publicKey());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return; // a @Nested class ends; the enclosing class's tests may still use the emulator
        }
        StsEmulator running = sts;
        sts = null;
        saml = null;
        owner = null;
        if (running != null) {
            running.close();
        }
    }

    private static IllegalStateException notRunning() {
        return new IllegalStateException("the STS emulator runs only while its test class does: register this extension"
                + " on a static @RegisterExtension field");
    }
}
