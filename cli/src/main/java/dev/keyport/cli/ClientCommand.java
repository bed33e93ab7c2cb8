package dev.keyport.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that talks to the daemon; output goes through picocli's writers so tests can capture it. */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    KeyportCli root() {
        return (KeyportCli) spec.root().userObject();
    }

    DaemonClient client() {
        return root().client();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The exit code once {@link #run()} returned; a command that passes on another program's sets it. */
    int exitCode = ExitCodes.OK;

    @Override
    public final Integer call() throws Exception {
        run();
        out().flush();
        return exitCode;
    }

    abstract void run() throws Exception;

    /** A base64 SAMLResponse from a file, or from stdin for {@code -}; surrounding whitespace removed. */
    static String readSamlResponse(java.nio.file.Path file) throws java.io.IOException {
        try {
            String text = file.toString().equals("-")
                    ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    : java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
            return text.strip();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "The assertion file " + file + " does not exist.");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "The assertion file " + file + " cannot be read"
                    + " (permission denied).");
        }
    }
}
