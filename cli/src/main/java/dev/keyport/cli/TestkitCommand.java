package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code keyport testkit}: listed here for help and completion. The test kit is a program of its own (module testkit:
 * stand-ins for AWS STS, the AWS sign-in endpoint and an identity provider); the {@code keyport} launcher starts it for
 * a leading {@code testkit}, so reaching this command means the CLI's jar was run directly.
 */
@Command(name = "testkit", mixinStandardHelpOptions = true, description = {"Run stand-ins for AWS and an identity"
        + " provider on 127.0.0.1, to try Keyport without either (until Ctrl-C).",
        "It prints the settings that point a daemon at it."})
final class TestkitCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "TCP port on 127.0.0.1 (default: a free one).")
    Integer port;

    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INVALID_INPUT, "This is the CLI's jar, which does not contain the test kit."
                + " Start it with the keyport launcher: keyport testkit");
    }
}
