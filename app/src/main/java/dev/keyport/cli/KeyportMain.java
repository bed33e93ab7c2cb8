package dev.keyport.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code keyport} command. The command line is parsed with picocli before anything else; only {@code daemon}
 * starts Quarkus, so every other command (and {@code credential-process}, which runs for every AWS call) costs a JVM
 * start and one HTTP request.
 */
@QuarkusMain
public class KeyportMain implements QuarkusApplication {

    public static void main(String... args) {
        KeyportCli root = new KeyportCli(DaemonClient::fromEnvironment);
        int code = execute(root, args, System.out, System.err);
        if (code == ExitCodes.OK && root.daemonRequested()) {
            Quarkus.run(KeyportMain.class, args);
            return;
        }
        System.exit(code);
    }

    /** Runs the command line against {@code root}; the exit code. */
    static int execute(KeyportCli root, String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        int code = KeyportCli.commandLine(root, o, e).execute(args);
        o.flush();
        e.flush();
        return code;
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
