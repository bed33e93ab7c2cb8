package dev.keyport.daemon;

/**
 * The one rule for errors that code Keyport calls may throw: an error of that code (a class built against another
 * SPI, a failed assertion, a recursion too deep) is that code's failure, handled like an exception; a failure of the
 * JVM itself (out of memory, an internal error) is not, and is never turned into a default answer or a message.
 */
public final class JvmFailures {
    private JvmFailures() {
    }

    /** Whether {@code e} is the JVM failing rather than the code that was running. */
    public static boolean isJvmFailure(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /** Throws {@code e} again if it is the JVM failing; returns otherwise. */
    public static void rethrowIfJvmFailure(Throwable e) {
        if (isJvmFailure(e)) {
            throw (VirtualMachineError) e;
        }
    }
}
