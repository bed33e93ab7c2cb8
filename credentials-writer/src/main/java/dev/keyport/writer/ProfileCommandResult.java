package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the writer did for one {@link ProfileCommand}, for the person who asked: the sender attaches an empty one to
 * the command's message as metadata and reads it once the writer has acknowledged. Holds lines a person reads
 * ("removed [dev] from ~/.aws/credentials", "put back your own [dev] ...") and, for a {@link ProfileCommand.ReadBack},
 * the credentials read back.
 */
public final class ProfileCommandResult {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile AwsCredentials readBack;

    void record(List<String> done, Optional<AwsCredentials> credentials) {
        lines.addAll(done);
        readBack = credentials.orElse(null);
    }

    /** One line per change, in the order they were made; empty when nothing changed. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** For a read-back: the credentials still in the file for the session. */
    public Optional<AwsCredentials> readBack() {
        return Optional.ofNullable(readBack);
    }
}
