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

    /**
     * A base64 SAMLResponse from a file, or from stdin for {@code -}; surrounding whitespace removed. A file that is
     * missing, unreadable or empty is an input error naming it: never a reason to sign in some other way.
     */
    static String readSamlResponse(java.nio.file.Path file) {
        boolean stdin = file.toString().equals("-");
        String source = stdin ? "Standard input" : "The assertion file " + file;
        String text;
        try {
            text = stdin ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    : java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, source + " does not exist.");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, source + " cannot be read (permission denied).");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, source + " is not a base64 SAMLResponse (it holds"
                    + " characters that base64 has not).");
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, source + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        }
        if (text.isBlank()) {
            throw new CliException(ExitCodes.INVALID_INPUT, source + " is empty. It should hold the base64"
                    + " SAMLResponse your identity provider posted to AWS.");
        }
        return text.strip();
    }
}
