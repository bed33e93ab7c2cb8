package dev.keyport.session;

import java.util.List;

/**
 * Something that hands out a session's credentials on its own behalf (the container endpoint's grants for
 * {@code keyport exec}) and must stop doing so when the session stops, expires, is deleted or starts afresh. The
 * lifecycle tells every holder; the holder never calls back.
 */
public interface CredentialHolder {
    /**
     * Stops handing out the session's credentials.
     *
     * @return what was withdrawn, one line each (for the answer to a stop); empty when nothing was held
     */
    List<String> withdraw(String sessionId);
}
