package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What the profile writer tests share: two AWS files under a temporary home, the credentials and the file contents
 * they expect, and ways to look at backups and at what the writer logs.
 */
abstract class ProfileFilesFixture {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDEXAMPLE+abc=";
    static final String SESSION_A = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
    static final String SESSION_B = "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d";
    static final AwsCredentials CREDS =
            new AwsCredentials("ASIAEXAMPLE1", SECRET, TOKEN, Instant.parse("2026-11-28T10:00:00.123Z"));
    static final AwsCredentials ROTATED =
            new AwsCredentials("ASIAEXAMPLE2", SECRET + "2", TOKEN + "2", Instant.parse("2026-11-28T11:00:00Z"));

    static final String DEV_CREDENTIALS = "[dev]\n"
            + "aws_access_key_id = ASIAEXAMPLE1\n"
            + "aws_secret_access_key = " + SECRET + "\n"
            + "aws_session_token = " + TOKEN + "\n"
            + "x_security_token_expires = 2026-11-28T10:00:00Z\n"
            + "x_keyport_managed = " + SESSION_A + "\n";
    static final String DEV_CONFIG = "[profile dev]\n"
            + "region = eu-west-1\n"
            + "x_keyport_managed = " + SESSION_A + "\n";

    /** The [dev] credentials section after a refresh to {@link #ROTATED}, owned by {@code session}. */
    static String rotatedDevCredentials(String session) {
        return "[dev]\n"
                + "aws_access_key_id = ASIAEXAMPLE2\n"
                + "aws_secret_access_key = " + SECRET + "2\n"
                + "aws_session_token = " + TOKEN + "2\n"
                + "x_security_token_expires = 2026-11-28T11:00:00Z\n"
                + "x_keyport_managed = " + session + "\n";
    }

    static final String FOREIGN_CREDENTIALS = "# personal keys, do not touch\n"
            + "[work]\n"
            + "aws_access_key_id = AKIAWORK\n"
            + "aws_secret_access_key = workSecret ; inline\n";
    static final String FOREIGN_CONFIG = "[default]\n"
            + "region = us-east-1\n"
            + "output = json\n"
            + "\n"
            + "[profile work]\n"
            + "s3 =\n"
            + "  max_concurrent_requests = 10\n";

    @TempDir
    Path home;

    Path credentials() {
        return home.resolve(".aws/credentials");
    }

    Path config() {
        return home.resolve(".aws/config");
    }

    ProfileWriter writer() {
        return new ProfileWriter(new AwsFileLocations(credentials(), config()));
    }

    void seed(String credentialsText, String configText) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(credentials(), credentialsText);
        Files.writeString(config(), configText);
    }

    /** The INFO messages ProfileWriter logs while {@code action} runs (System.Logger is backed by JUL here). */
    static List<String> captureInfoLog(Runnable action) {
        Logger logger = Logger.getLogger(ProfileWriter.class.getName());
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.INFO) {
                    messages.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }
        return List.copyOf(messages);
    }

    List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(".aws"))) {
            return files.filter(p -> p.getFileName().toString().contains(".keyport-backup-")).sorted().toList();
        }
    }
}
