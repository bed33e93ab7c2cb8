package dev.keyport.session;

/**
 * One start or refresh under way: the thread doing it, and whether a stop has called it off. A stop that arrives while
 * the attempt is signing in interrupts the sign-in (the browser window closes); at any later point the attempt sees
 * {@link #cancelled()} before it delivers and discards what it obtained.
 */
final class StartAttempt {
    private final Thread thread = Thread.currentThread();
    private final String what;
    private boolean signingIn;
    private volatile boolean cancelled;

    /** @param what "start" or "refresh", as a stop's report names it */
    StartAttempt(String what) {
        this.what = what;
    }

    String what() {
        return what;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Called by a stop. */
    synchronized void cancel() {
        cancelled = true;
        if (signingIn) {
            thread.interrupt();
        }
    }

    /** Around the sign-in, assertion and STS call: the part a stop may interrupt. */
    synchronized void signingIn() {
        signingIn = true;
        if (cancelled) {
            thread.interrupt();
        }
    }

    /** The interruptible part is over; an interrupt meant for it must not hit what follows. */
    synchronized void signedIn() {
        signingIn = false;
        Thread.interrupted();
    }
}
