package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {

    static final int THREADS = 50;
    static final String CREDENTIALS = "# Hand-written, keep me\n"
            + "[work]\r\n"
            + "aws_access_key_id = AKIAWORK\r\n"
            + "aws_secret_access_key = workSecret ; inline comment\r\n"
            + "\n"
            + "; another comment\n"
            + "[personal]\n"
            + "aws_access_key_id = AKIAPERSONAL\n";
    static final String CONFIG = "[default]\n"
            + "region = us-east-1\n"
            + "# tuning\n"
            + "[profile work]\n"
            + "s3 =\n"
            + "  max_concurrent_requests = 10\n";

    @TempDir
    Path dir;

    @Test
    void fiftyWritersThenFiftyRemoversKeepEverything() throws Exception {
        Path credentials = dir.resolve("credentials");
        Path config = dir.resolve("config");
        Files.writeString(credentials, CREDENTIALS);
        Files.writeString(config, CONFIG);
        // Generous lock timeout: the 2-core CI machine fsyncs slowly and all 50 threads queue on one lock.
        ProfileWriter writer = new ProfileWriter(new AwsFileLocations(credentials, config),
                new LockedFileUpdater(Duration.ofMinutes(5)));

        runConcurrently(i -> writer.writeProfile("p" + i, sessionId(i), credentialsFor(i), "eu-west-" + (i % 3 + 1),
                false));

        String credentialsText = Files.readString(credentials);
        String configText = Files.readString(config);
        assertTrue(credentialsText.startsWith(CREDENTIALS), "foreign credentials content changed");
        assertTrue(configText.startsWith(CONFIG), "foreign config content changed");
        IniDocument credentialsDoc = IniDocument.parse(credentialsText);
        IniDocument configDoc = IniDocument.parse(configText);
        assertEquals(2 + THREADS, credentialsDoc.sections().size());
        assertEquals(2 + THREADS, configDoc.sections().size());
        for (int i = 0; i < THREADS; i++) {
            IniDocument.Section s = credentialsDoc.findSection("p" + i).orElseThrow();
            assertEquals("ASIA" + i, s.property("aws_access_key_id").orElseThrow());
            assertEquals("secret-" + i, s.property("aws_secret_access_key").orElseThrow());
            assertEquals("token-" + i, s.property("aws_session_token").orElseThrow());
            assertEquals(sessionId(i), s.property("x_keyport_managed").orElseThrow());
            IniDocument.Section c = configDoc.findSection("profile p" + i).orElseThrow();
            assertEquals("eu-west-" + (i % 3 + 1), c.property("region").orElseThrow());
            assertEquals(sessionId(i), c.property("x_keyport_managed").orElseThrow());
        }

        runConcurrently(i -> writer.removeProfile("p" + i, sessionId(i)));

        assertEquals(CREDENTIALS, Files.readString(credentials));
        assertEquals(CONFIG, Files.readString(config));
    }

    private static String sessionId(int i) {
        return new UUID(0x5e55_10a0L, i).toString();
    }

    private static AwsCredentials credentialsFor(int i) {
        return new AwsCredentials("ASIA" + i, "secret-" + i, "token-" + i, Instant.parse("2026-11-28T10:00:00Z"));
    }

    private static void runConcurrently(IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    task.accept(n);
                    return null;
                }));
            }
            ready.await();
            start.countDown();
            for (Future<?> f : futures) {
                f.get(); // rethrows any failure of that thread
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
