package dev.keyport.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests of the daemon under test ({@link KeyportTestEnvironment}): each test begins with the STS emulator's
 * records cleared and the AWS files as the environment seeded them, and ends with every session stopped and deleted,
 * so no test sees another's sessions, profiles or STS calls. Declare it on the test class after {@code @QuarkusTest}:
 * JUnit runs after-each callbacks in the reverse order of registration, and this one must run before Quarkus's, which
 * takes REST Assured's port away (a declaration on a superclass registers first, so too late).
 */
public final class FreshDaemonState implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        KeyportTestEnvironment env = KeyportTestEnvironment.current();
        env.sts().clearRecords();
        env.resetAwsFiles();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Api.deleteAllSessions();
    }
}
