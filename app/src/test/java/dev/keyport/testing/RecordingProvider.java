package dev.keyport.testing;

import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.SessionEvent;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider on the test class path that recognises nothing and records every session event it is handed. */
public class RecordingProvider implements IdpProvider {
    public static final List<SessionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "recording-test";
    }

    @Override
    public String displayName() {
        return "Recording test provider";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        return false;
    }

    @Override
    public void onSessionEvent(SessionEvent event) {
        EVENTS.add(event);
    }
}
