package dev.keyport.api;

import java.util.function.Consumer;

/**
 * Carries the end of a container credentials grant to the stream of the {@code keyport exec} run that holds it, in
 * whichever order the two come: the daemon may end the grant (the session stopped) before the run's stream is
 * subscribed. Either way the stream hears the reason exactly once.
 */
final class GrantEnd {
    private Consumer<String> stream;
    private String reasonBeforeAttach;

    /** The daemon ended the grant. */
    void ended(String reason) {
        Consumer<String> attached;
        synchronized (this) {
            if (stream == null) {
                reasonBeforeAttach = reason;
                return;
            }
            attached = stream;
        }
        attached.accept(reason);
    }

    /** The run's stream is ready to be told; told at once if the grant ended already. */
    void attach(Consumer<String> onEnded) {
        String early;
        synchronized (this) {
            stream = onEnded;
            early = reasonBeforeAttach;
        }
        if (early != null) {
            onEnded.accept(early);
        }
    }
}
