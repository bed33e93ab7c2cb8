package dev.keyport.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the real AWS CLI v2 (Debian's awscli at /usr/bin/aws) against given credentials/config files. */
public final class AwsCli {
    public static final Path EXECUTABLE = Path.of("/usr/bin/aws");

    /** What a CLI run printed. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private AwsCli() {
    }

    /** Fails the calling test (never skips) when the CLI is missing. */
    public static void require() {
        if (!Files.isExecutable(EXECUTABLE)) {
            fail("The AWS CLI v2 is required at " + EXECUTABLE + " for the end-to-end tests: apt-get install awscli"
                    + " (or bash .ci/install-test-deps)");
        }
    }

    public static Result run(Path home, Path credentialsFile, Path configFile, String... args)
            throws IOException, InterruptedException {
        return run(home, credentialsFile, configFile, Map.of(), args);
    }

    /** As above, with extra environment variables (what a credential_process command needs, say). */
    public static Result run(Path home, Path credentialsFile, Path configFile, Map<String, String> extraEnvironment,
                             String... args) throws IOException, InterruptedException {
        require();
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_"));
        environment.put("HOME", home.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
        environment.put("AWS_CONFIG_FILE", configFile.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        environment.putAll(extraEnvironment);
        Path out = Files.createTempFile(home, "aws-out", ".txt");
        Path err = Files.createTempFile(home, "aws-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
    }
}
