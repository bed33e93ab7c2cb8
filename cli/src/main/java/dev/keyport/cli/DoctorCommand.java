package dev.keyport.cli;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import dev.keyport.api.model.Diagnosis;
import dev.keyport.api.model.Diagnosis.Severity;
import dev.keyport.api.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code keyport doctor}: what is wrong and how to fix it. This command checks what it can see itself (the home, the
 * API token, whether a daemon answers) and adds the daemon's own findings
 * ({@code GET /api/v1/diagnostics}: its AWS files, browser, display, plugins, session file, proxy, clock against STS).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check Keyport's set-up and say how to fix what is wrong.",
                "Exit codes: 0 nothing wrong, 8 warnings only, 9 at least one error."})
final class DoctorCommand extends ClientCommand {
    static final int WARNINGS = 8;
    static final int ERRORS = 9;

    @Mixin
    OutputFormat output;

    @Override
    void run() {
        Path home = client().home();
        List<Diagnosis> found = new ArrayList<>();
        found.add(home(home));
        found.add(token(home.resolve(HomeLayout.API_TOKEN)));
        List<Diagnosis> daemon = daemon(home);
        found.addAll(daemon);
        if (daemon.size() == 1 && daemon.get(0).severity() == Severity.ERROR) {
            found.add(Diagnosis.info("not checked", "The AWS files, the browser, the display, plugins, the session"
                    + " file, the proxy and the clock are checked by the daemon, as it sees them: start it and run"
                    + " keyport doctor again."));
        }
        Severity worst = found.stream().map(Diagnosis::severity).max(Comparator.naturalOrder()).orElse(Severity.OK);
        exitCode = worst == Severity.ERROR ? ERRORS : worst == Severity.WARNING ? WARNINGS : ExitCodes.OK;
        if (output.json()) {
            out().println(Json.pretty(Json.write(new Report(worst, found))));
            return;
        }
        for (Diagnosis d : found) {
            out().printf("%-7s %-22s %s%n", label(d.severity()), TerminalText.printable(d.check()),
                    TerminalText.printable(d.detail()));
            if (d.fix() != null && !d.fix().isBlank()) {
                out().printf("%-7s %-22s fix: %s%n", "", "", TerminalText.printable(d.fix()));
            }
        }
        long errors = found.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = found.stream().filter(d -> d.severity() == Severity.WARNING).count();
        out().println(errors + warnings == 0 ? "No problems found." : errors + " error(s), " + warnings
                + " warning(s).");
    }

    /** {@code --output json}: the worst severity and every finding. */
    record Report(Severity worst, List<Diagnosis> findings) {
    }

    private static String label(Severity severity) {
        return switch (severity) {
            case OK -> "ok";
            case INFO -> "info";
            case WARNING -> "WARNING";
            case ERROR -> "ERROR";
        };
    }

    static Diagnosis home(Path home) {
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return Diagnosis.info("home", home + " does not exist yet; the daemon creates it, private, at its first"
                    + " start.");
        }
        Optional<String> untrusted = Ownership.untrustedFolder(home, "Keyport's home");
        if (untrusted.isPresent()) {
            return Diagnosis.error("home", untrusted.get(), "See the message; the daemon refuses to start there.");
        }
        try {
            if (Ownership.supported(home) && Ownership.accessibleByOthers(home)) {
                return Diagnosis.warning("home", home + " can be listed by other users (mode "
                        + String.format("%04o", Ownership.mode(home) & 07777) + ").", "chmod 700 '" + home + "'");
            }
        } catch (IOException e) {
            return Diagnosis.error("home", "Cannot check " + home + " (" + e.getClass().getSimpleName() + ").",
                    "Check that you may read it: ls -ld '" + home + "'");
        }
        return Diagnosis.ok("home", home + " is yours and private.");
    }

    static Diagnosis token(Path token) {
        try {
            if (!Files.exists(token, LinkOption.NOFOLLOW_LINKS)) {
                return Diagnosis.info("api token", token + " does not exist yet; the daemon creates it at its first"
                        + " start.");
            }
            if (Files.isSymbolicLink(token) || !Files.isRegularFile(token, LinkOption.NOFOLLOW_LINKS)) {
                return Diagnosis.error("api token", token + " is not a regular file (a link, or a folder); the"
                        + " daemon will not use it.", "rm -rf '" + token + "' and restart the daemon: it makes a new"
                        + " one.");
            }
            if (!Ownership.supported(token)) {
                return Diagnosis.ok("api token", token + " exists.");
            }
            if (Ownership.uid(token) != Ownership.currentUid()) {
                return Diagnosis.error("api token", token + " belongs to another user (uid " + Ownership.uid(token)
                        + "), who may have chosen it.", "rm '" + token + "' and restart the daemon: it makes a new"
                        + " one.");
            }
            if (Ownership.accessibleByOthers(token)) {
                return Diagnosis.error("api token", token + " can be read by other users (mode "
                        + String.format("%04o", Ownership.mode(token) & 07777) + "); whoever read it controls your"
                        + " sessions through the REST API.", "Restart the daemon as it is: at its start it replaces"
                        + " a token others could read with a new one, private (" + restartHint() + ").");
            }
            return Diagnosis.ok("api token", token + " is yours and private (0600).");
        } catch (IOException e) {
            return Diagnosis.error("api token", "Cannot check " + token + " (" + e.getClass().getSimpleName() + ").",
                    "Check that you may read " + token.getParent() + ".");
        }
    }

    /** The daemon's findings, after one saying it answers; or one error saying it does not, and how to start it. */
    private List<Diagnosis> daemon(Path home) {
        String answer;
        try {
            answer = client().get("/api/v1/diagnostics");
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.NO_DAEMON) {
                return List.of(Diagnosis.error("daemon", e.getMessage(), "See the message."));
            }
            return List.of(Diagnosis.error("daemon", "No Keyport daemon answers at " + client().socket() + ".",
                    startHint()));
        }
        List<Diagnosis> found = new ArrayList<>();
        found.add(Diagnosis.ok("daemon", "The daemon answers at " + client().socket() + "."));
        found.addAll(Json.readList(answer, Diagnosis.class));
        return found;
    }

    private static String startHint() {
        Optional<ServiceManager> manager = ServiceManager.forThisSystem(System.getenv());
        if (manager.isPresent() && Files.exists(manager.get().file())) {
            return "The service is installed but its daemon is not running: " + manager.get().statusHint()
                    + " says why (log: " + manager.get().logHint() + ")" + (manager.get().name().equals("systemd")
                    ? "; start it with systemctl --user start keyport" : "") + ".";
        }
        if (manager.isPresent() && manager.get().unreachable().isEmpty()) {
            return "Start it: keyport service install (now and with every login), or keyport daemon (in a"
                    + " terminal, until you stop it).";
        }
        return "Start it in a terminal: keyport daemon (this session has no " + manager.map(ServiceManager::name)
                .orElse("service manager") + " to run it as a service).";
    }

    /** How the user restarts the daemon they have: the service's, or one in a terminal. */
    private static String restartHint() {
        Optional<ServiceManager> manager = ServiceManager.forThisSystem(System.getenv());
        return manager.isPresent() && Files.exists(manager.get().file()) && manager.get().name().equals("systemd")
                ? "systemctl --user restart keyport" : "stop keyport daemon and start it again";
    }
}
