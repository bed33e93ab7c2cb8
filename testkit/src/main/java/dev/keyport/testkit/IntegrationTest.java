package dev.keyport.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class of the integration tier: it starts Quarkus, or drives a real program (Chromium, SimpleSAMLphp,
 * the AWS CLI, the packaged daemon, another process). Failsafe runs these after {@code package}; surefire runs the
 * rest, the unit tier, which needs nothing but the JVM and takes seconds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {
    String TAG = "integration";
}
