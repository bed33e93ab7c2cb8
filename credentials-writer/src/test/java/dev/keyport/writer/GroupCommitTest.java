package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit: changes that wait while the files are being written go into the next write together, and each one
 * still succeeds or fails on its own. The first write is held inside its update (the updater's test seam) until the
 * others are queued, so which changes share a batch is certain, not a matter of timing.
 */
class GroupCommitTest {
    private static final String USERS_OWN = "[mine]\naws_access_key_id = AKIAMINE\naws_secret_access_key = mine\n";

    @TempDir
    Path dir;

    private final CountDownLatch firstWriteEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private final AtomicInteger updates = new AtomicInteger();

    /** An updater whose first update waits, after its transform, until the test releases it; counts updates. */
    private LockedFileUpdater heldUpdater(boolean failSecond) {
        return new LockedFileUpdater(Duration.ofMinutes(1), attempt -> {
            int n = updates.incrementAndGet();
            if (n == 1) {
                firstWriteEntered.countDown();
                try {
                    releaseFirstWrite.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (n == 2 && failSecond) {
                throw new KeyportException(ErrorCategory.UNAVAILABLE, "disk full (test)");
            }
        });
    }

    private Path credentials() {
        return dir.resolve("credentials");
    }

    private Path config() {
        return dir.resolve("config");
    }

    private static AwsCredentials keys(int i) {
        return new AwsCredentials("ASIAGROUP" + i, "secret" + i, "token" + i, Instant.parse("2026-12-02T12:00:00Z"));
    }

    @Test
    void changesWaitingTogetherShareOneWriteAndARefusalFailsAlone() throws Exception {
        Files.writeString(credentials(), USERS_OWN);
        ProfileWriter writer = new ProfileWriter(new AwsFileLocations(credentials(), config()), heldUpdater(false));
        CompletableFuture<Void> first = writer.writeProfileAsync("p0", "s0", keys(0), "eu-west-1", false);
        firstWriteEntered.await();

        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            waiting.add(writer.writeProfileAsync("p" + i, "s" + i, keys(i), "eu-west-1", false));
        }
        // The user's own [mine]: refused without --replace-profile, in the middle of the batch.
        CompletableFuture<Void> refused = writer.writeProfileAsync("mine", "s99", keys(99), "eu-west-1", false);
        waiting.add(writer.writeProfileAsync("p21", "s21", keys(21), "eu-west-1", false));
        releaseFirstWrite.countDown();

        first.join();
        waiting.forEach(CompletableFuture::join);
        CompletionException failure = assertThrows(CompletionException.class, refused::join);
        assertEquals(ErrorCategory.CONFLICT, ((KeyportException) failure.getCause()).category());
        assertEquals(2, updates.get(), "one write for the first change, one for the 21 that waited");

        String text = Files.readString(credentials());
        assertTrue(text.startsWith(USERS_OWN), "the user's section is untouched");
        IniDocument doc = IniDocument.parse(text);
        for (int i = 0; i <= 21; i++) {
            assertEquals("ASIAGROUP" + i, doc.findSection("p" + i).orElseThrow().property("aws_access_key_id")
                    .orElseThrow());
        }
        assertEquals(23, doc.sections().size());
        assertEquals(22, IniDocument.parse(Files.readString(config())).sections().size());
        // The synchronous form throws the refusal itself, unwrapped, as it did before batching.
        KeyportException thrown = assertThrows(KeyportException.class,
                () -> writer.writeProfile("mine", "s99", keys(99), "eu-west-1", false));
        assertEquals(ErrorCategory.CONFLICT, thrown.category());
    }

    @Test
    void aFailedWriteFailsEveryChangeOfItsBatchAndChangesNothing() throws Exception {
        ProfileWriter writer = new ProfileWriter(new AwsFileLocations(credentials(), config()), heldUpdater(true));
        CompletableFuture<Void> first = writer.writeProfileAsync("p0", "s0", keys(0), "eu-west-1", false);
        firstWriteEntered.await();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            waiting.add(writer.writeProfileAsync("p" + i, "s" + i, keys(i), "eu-west-1", false));
        }
        releaseFirstWrite.countDown();
        first.join();
        String afterFirst = Files.readString(credentials());

        for (CompletableFuture<Void> change : waiting) {
            CompletionException e = assertThrows(CompletionException.class, change::join);
            assertEquals("disk full (test)", e.getCause().getMessage());
        }
        assertEquals(afterFirst, Files.readString(credentials()));
        assertEquals(1, IniDocument.parse(afterFirst).sections().size());
    }

    @Test
    void aRefusedEditThatHadAlreadyChangedTheFilesLeavesNoTrace() throws Exception {
        LockedFileUpdater updater = heldUpdater(false);
        GroupCommit batches = new GroupCommit(updater, credentials(), config());
        CompletableFuture<Object> first = batches.submit(files -> append(files, "first"));
        firstWriteEntered.await();
        CompletableFuture<Object> before = batches.submit(files -> append(files, "before"));
        IllegalStateException broke = new IllegalStateException("broke half-way");
        CompletableFuture<Object> halfway = batches.submit(files -> {
            append(files, "halfway");
            throw broke;
        });
        CompletableFuture<Object> after = batches.submit(files -> append(files, "after"));
        releaseFirstWrite.countDown();

        first.join();
        before.join();
        after.join();
        assertSame(broke, assertThrows(CompletionException.class, halfway::join).getCause());
        List<String> names = IniDocument.parse(Files.readString(credentials())).sections().stream()
                .map(IniDocument.Section::name).toList();
        assertEquals(List.of("first", "before", "after"), names);
    }

    private static Object append(GroupCommit.Files files, String name) {
        files.credentials.appendSection(name, List.of("x_note = " + name));
        return null;
    }
}
