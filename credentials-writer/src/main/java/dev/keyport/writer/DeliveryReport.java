package dev.keyport.writer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the writer did with the AWS files for one session event ("removed [dev] from ~/.aws/credentials", "put back
 * your own [dev] ..."), for the person who asked: the publisher attaches one to the event's message as metadata and
 * reads it once the writer has acknowledged the event. Holds no secret.
 */
public final class DeliveryReport {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void addAll(List<String> done) {
        lines.addAll(done);
    }

    /** One line per change, in the order they were made; empty when the files held nothing of the session's. */
    public List<String> lines() {
        return List.copyOf(lines);
    }
}
