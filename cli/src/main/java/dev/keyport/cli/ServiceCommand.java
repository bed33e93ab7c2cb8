package dev.keyport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code keyport service install|uninstall|status}: the daemon as a login service of the platform's manager
 * ({@link ServiceManager}), so it starts with the user's session and again when it fails, its log where the platform
 * keeps logs. The service runs the launcher this command was run through (KEYPORT_LAUNCHER), with the settings of this
 * shell that say where things are ({@link ServiceDefinition#CARRIED}).
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"Run the daemon as a login service: a systemd user unit (Linux) or a launchd agent (macOS).",
                "It starts with your session and again if it fails."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:done (status: the service runs)",
                "2:invalid command line, or not run through Keyport's launcher",
                "3:status: the service is not installed or not running",
                "5:install: a daemon already runs outside the service",
                "7:the service manager cannot be reached, or did not start the daemon"},
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class, ServiceCommand.Status.class})
final class ServiceCommand {
    /** Set by the launcher; the service runs the same one. */
    static final String LAUNCHER_VARIABLE = "KEYPORT_LAUNCHER";
    /** How long install waits for the service's daemon to answer (a first start may write its class archive). */
    private static final long ANSWER_WAIT_MILLIS = 60_000;

    private ServiceCommand() {
    }

    static ServiceManager manager() {
        return ServiceManager.forThisSystem(System.getenv()).orElseThrow(() -> new CliException(
                ExitCodes.UNAVAILABLE, "Keyport has no login service for " + System.getProperty("os.name") + "; start"
                        + " 'keyport daemon' from your session's start-up programs instead."));
    }

    /** Whether the daemon of this home answers (its health route: no session is read for it). */
    static boolean daemonAnswers(DaemonClient client) {
        try {
            client.get("/q/health");
            return true;
        } catch (CliException e) {
            return false;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install the service and start the daemon with it (again, after an upgrade).",
                    "Carries over KEYPORT_HOME, KEYPORT_PORT, KEYPORT_BROWSER_PATH, KEYPORT_JAVA_OPTS,"
                            + " AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE when set."})
    static final class Install extends ClientCommand {
        @Option(names = "--no-start", description = "Only write the service file; start nothing.")
        boolean noStart;

        @Override
        void run() throws IOException {
            String launcher = System.getenv(LAUNCHER_VARIABLE);
            if (launcher == null || launcher.isBlank() || !Files.isExecutable(Path.of(launcher))) {
                throw new CliException(ExitCodes.INVALID_INPUT, "Run this through Keyport's launcher (bin/keyport of"
                        + " the download, or ./keyport in a checkout): the service runs the launcher it was installed"
                        + " with.");
            }
            Path real = lastingPlace(Path.of(launcher));
            ServiceManager manager = manager();
            ServiceDefinition definition = ServiceDefinition.of(real, System.getenv());
            String text = manager.render(definition);
            if (!noStart) {
                Optional<String> unreachable = manager.unreachable();
                if (unreachable.isPresent()) {
                    throw new CliException(ExitCodes.UNAVAILABLE, "Cannot install the service: "
                            + unreachable.get() + ". Nothing was changed. Run the daemon in a terminal instead:"
                            + " keyport daemon. (To write the service file anyway, for a later session:"
                            + " keyport service install --no-start.)");
                }
                if (!"active".equals(manager.active()) && daemonAnswers(client())) {
                    throw new CliException(ExitCodes.CONFLICT, "A Keyport daemon already runs for " + client().home()
                            + ", not as the service. Stop it (Ctrl-C where it runs), then install again; nothing was"
                            + " changed.");
                }
            }
            writeAtomically(manager.file(), text);
            if (noStart) {
                out().println("Wrote " + manager.file() + "; nothing was started or enabled. To start it now and"
                        + " with every login: " + (manager.name().equals("systemd")
                        ? "systemctl --user daemon-reload && systemctl --user enable --now keyport"
                        : "keyport service install") + ".");
                return;
            }
            ServiceManager.Run started = manager.enableAndRestart();
            if (!started.ok()) {
                throw new CliException(ExitCodes.UNAVAILABLE, "Wrote " + manager.file() + ", but " + manager.name()
                        + " did not start it: " + ServiceManager.firstLine(started.output()) + ". See "
                        + manager.statusHint() + ".");
            }
            long deadline = System.currentTimeMillis() + ANSWER_WAIT_MILLIS;
            while (!daemonAnswers(client())) {
                if (System.currentTimeMillis() > deadline || !"active".equals(manager.active())) {
                    throw new CliException(ExitCodes.UNAVAILABLE, "The service is installed (" + manager.file()
                            + ") but its daemon does not answer. See " + manager.statusHint() + " and its log: "
                            + manager.logHint() + ".");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out().println("Keyport's daemon runs as a " + manager.name() + " service (" + manager.file() + "): it"
                    + " starts with your session and again if it fails. Log: " + manager.logHint() + ".");
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Stop the service's daemon and remove the service.")
    static final class Uninstall extends ClientCommand {
        @Override
        void run() throws IOException {
            ServiceManager manager = manager();
            if (!Files.exists(manager.file())) {
                out().println("The service is not installed (no " + manager.file() + ").");
                return;
            }
            Optional<String> unreachable = manager.unreachable();
            if (unreachable.isEmpty()) {
                ServiceManager.Run stopped = manager.disableAndStop();
                if (!stopped.ok()) {
                    throw new CliException(ExitCodes.UNAVAILABLE, manager.name() + " did not stop the service: "
                            + ServiceManager.firstLine(stopped.output()) + ". Nothing was removed.");
                }
            }
            Files.delete(manager.file());
            if (unreachable.isEmpty()) {
                manager.forget();
            }
            out().println("Removed " + manager.file() + (unreachable.isEmpty() ? "; its daemon is stopped."
                    : " (" + unreachable.get() + ", so nothing was running under it)."));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Whether the service is installed, enabled and running, and what it runs.",
                    "Exits 0 when it runs, 3 when it does not."})
    static final class Status extends ClientCommand {
        @Mixin
        OutputFormat output;

        @Override
        void run() throws IOException {
            ServiceManager manager = manager();
            boolean installed = Files.exists(manager.file());
            String runs = installed ? launcherOf(Files.readString(manager.file())).orElse("") : "";
            String current = Optional.ofNullable(System.getenv(LAUNCHER_VARIABLE)).orElse("");
            Optional<String> unreachable = manager.unreachable();
            boolean reachable = unreachable.isEmpty();
            String enabled = !installed ? "no" : reachable ? manager.enabled() : "unknown";
            String active = !installed ? "no" : reachable ? manager.active() : "unknown";
            boolean answers = daemonAnswers(client());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("manager", manager.name());
            fields.put("file", manager.file().toString());
            fields.put("installed", installed);
            fields.put("enabled", enabled);
            fields.put("active", active);
            fields.put("launcher", runs);
            fields.put("thisLauncher", current);
            fields.put("daemonAnswers", answers);
            fields.put("problem", unreachable.orElse(null));
            exitCode = "active".equals(active) ? ExitCodes.OK : ExitCodes.NO_DAEMON;
            if (output.json()) {
                out().println(Json.pretty(Json.write(fields)));
                return;
            }
            Table.ofFields("manager", manager.name(), "service file", manager.file() + (installed ? ""
                            : " (not installed: keyport service install)"),
                    "installed", installed ? "yes" : "no", "enabled", enabled, "running", active, "runs", runs,
                    "daemon answers", answers ? "yes" : "no", "log", installed ? manager.logHint() : "").print(out());
            if (installed && !runs.isEmpty() && !current.isEmpty() && !runs.equals(current)) {
                out().println("The service runs another Keyport (" + runs + ") than this one (" + current + "); run"
                        + " 'keyport service install' with the one you want.");
            }
            if (!reachable) {
                out().println(unreachable.get() + ".");
            }
        }
    }

    /**
     * The launcher's real path, which the service will run, once it is shown to be a lasting place. The service runs it
     * at every login for as long as it is installed, so the file and every folder above it must be the user's or
     * root's and no one else may write to them, sticky folders included: in /tmp, a cleanup (or a reboot) removes
     * Keyport and another user may put a program of theirs at the same path.
     *
     * @throws CliException INVALID_INPUT naming the place and where to unpack Keyport instead
     */
    static Path lastingPlace(Path launcher) {
        Path real;
        try {
            real = launcher.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                if (!dev.keyport.api.home.Ownership.supported(p)) {
                    return real;
                }
                long owner = dev.keyport.api.home.Ownership.uid(p);
                boolean others = dev.keyport.api.home.Ownership.writableByOthers(p);
                if ((owner != dev.keyport.api.home.Ownership.currentUid() && owner != 0) || others) {
                    throw new CliException(ExitCodes.INVALID_INPUT, (p.equals(real) ? "Keyport's launcher " + real
                            + " is a file " : "Keyport lies in " + p + ", which ") + (others ? "others may write to"
                            : "belongs to another user") + ": a service would run whatever is at " + real + " at every"
                            + " login, even after Keyport is gone from there. Unpack Keyport into a folder of your own"
                            + " (tar -xzf keyport-*.tar.gz -C ~/.local/share) and install the service from there.");
                }
            }
            return real;
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "Cannot check where Keyport lies (" + launcher + ": "
                    + e.getClass().getSimpleName() + ").");
        }
    }

    /** The launcher a unit or plist runs: the first word of ExecStart, or the first ProgramArguments string. */
    static Optional<String> launcherOf(String definition) {
        for (String line : definition.split("\n")) {
            if (line.startsWith("ExecStart=\"")) {
                StringBuilder word = new StringBuilder();
                for (int i = "ExecStart=\"".length(); i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < line.length()) {
                        word.append(line.charAt(++i));
                    } else if (c == '"') {
                        return Optional.of(word.toString().replace("%%", "%").replace("$$", "$"));
                    } else {
                        word.append(c);
                    }
                }
            }
        }
        int args = definition.indexOf("<key>ProgramArguments</key>");
        int start = args < 0 ? -1 : definition.indexOf("<string>", args);
        int end = start < 0 ? -1 : definition.indexOf("</string>", start);
        return end < 0 ? Optional.empty() : Optional.of(definition.substring(start + "<string>".length(), end)
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
    }

    /** Written whole or not at all (temp file, fsync, rename): a half-written unit would be worse than none. */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        // Private: it holds nothing secret, but KEYPORT_JAVA_OPTS is copied as it is, and is the user's business.
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
