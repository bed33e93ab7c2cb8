package dev.keyport.daemon;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which errors are the JVM failing (never turned into a default or a message) and which are the code's own. */
class JvmFailuresTest {

    @Test
    void outOfMemoryAndInternalErrorsAreTheJvms() {
        assertTrue(JvmFailures.isJvmFailure(new OutOfMemoryError()));
        assertTrue(JvmFailures.isJvmFailure(new InternalError()));
        assertThrows(OutOfMemoryError.class, () -> JvmFailures.rethrowIfJvmFailure(new OutOfMemoryError()));
    }

    @Test
    void theCodesOwnErrorsAreNot() {
        for (Throwable e : new Throwable[]{new StackOverflowError(), new AssertionError(), new NoSuchMethodError(),
                new ExceptionInInitializerError(), new IllegalStateException()}) {
            assertFalse(JvmFailures.isJvmFailure(e), e.toString());
            assertDoesNotThrow(() -> JvmFailures.rethrowIfJvmFailure(e));
        }
    }
}
