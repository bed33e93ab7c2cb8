package dev.keyport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The platform's manager of login services, driven through its own command: systemd's {@code systemctl --user} on
 * Linux, {@code launchctl} on macOS. Each call waits for the command and returns its exit code and output.
 */
abstract class ServiceManager {
    /** A finished command: its exit code and what it printed (both streams). */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The manager of this system, or empty where Keyport has none (Windows, say). */
    static Optional<ServiceManager> forThisSystem(Map<String, String> env) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        if (os.contains("linux")) {
            String config = env.get("XDG_CONFIG_HOME");
            Path base = config != null && config.startsWith("/") ? Path.of(config) : home.resolve(".config");
            return Optional.of(new Systemd(base.resolve("systemd/user").resolve(ServiceDefinition.SYSTEMD_UNIT)));
        }
        if (os.contains("mac")) {
            return Optional.of(new Launchd(home.resolve("Library/LaunchAgents")
                    .resolve(ServiceDefinition.LAUNCHD_LABEL + ".plist"), home.resolve("Library/Logs/Keyport")));
        }
        return Optional.empty();
    }

    /** "systemd" or "launchd". */
    abstract String name();

    /** Where the service's definition file goes. */
    abstract Path file();

    /** The definition file's text. */
    abstract String render(ServiceDefinition definition);

    /** Why the manager cannot be used now, with what to do instead; empty when it can. */
    abstract Optional<String> unreachable();

    /** Takes the (new) file into account, enables it for every login and (re)starts the daemon now. */
    abstract Run enableAndRestart();

    /** Stops the daemon and disables the service (the file stays; the caller removes it). */
    abstract Run disableAndStop();

    /** After the file is gone: forget it. */
    abstract void forget();

    /** Whether the service starts at login, as the manager says ("enabled", "disabled", ...). */
    abstract String enabled();

    /** Whether the service runs now, as the manager says ("active", "inactive", "failed", ...). */
    abstract String active();

    /** Where its log is read. */
    abstract String logHint();

    /** The command that shows the manager's own view of the service. */
    abstract String statusHint();

    /** Runs {@code program} (the command and its fixed words) with {@code args}. */
    static Run run(List<String> program, String... args) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Run(127, command.get(0) + " could not be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    /** systemd's user manager: the unit in ~/.config/systemd/user, started with default.target. */
    static final class Systemd extends ServiceManager {
        private final Path file;

        Systemd(Path file) {
            this.file = file;
        }

        private static Run systemctl(String... args) {
            return run(List.of("systemctl", "--user"), args);
        }

        @Override
        String name() {
            return "systemd";
        }

        @Override
        Path file() {
            return file;
        }

        @Override
        String render(ServiceDefinition definition) {
            return definition.systemdUnit();
        }

        @Override
        Optional<String> unreachable() {
            Run probe = systemctl("show-environment");
            if (probe.exitCode() == 127) {
                return Optional.of("systemd's systemctl was not found, so this system has no systemd user services");
            }
            if (!probe.ok()) {
                return Optional.of("systemd's user manager cannot be reached (systemctl --user: "
                        + firstLine(probe.output()) + "); it runs in a desktop or SSH login session with systemd");
            }
            return Optional.empty();
        }

        @Override
        Run enableAndRestart() {
            Run reload = systemctl("daemon-reload");
            if (!reload.ok()) {
                return reload;
            }
            Run enable = systemctl("enable", ServiceDefinition.SYSTEMD_UNIT);
            if (!enable.ok()) {
                return enable;
            }
            return systemctl("restart", ServiceDefinition.SYSTEMD_UNIT);
        }

        @Override
        Run disableAndStop() {
            return systemctl("disable", "--now", ServiceDefinition.SYSTEMD_UNIT);
        }

        @Override
        void forget() {
            systemctl("daemon-reload");
        }

        @Override
        String enabled() {
            return firstLine(systemctl("is-enabled", ServiceDefinition.SYSTEMD_UNIT).output());
        }

        @Override
        String active() {
            return firstLine(systemctl("is-active", ServiceDefinition.SYSTEMD_UNIT).output());
        }

        @Override
        String logHint() {
            return "journalctl --user -u keyport";
        }

        @Override
        String statusHint() {
            return "systemctl --user status keyport";
        }
    }

    /** launchd: the agent in ~/Library/LaunchAgents, in the user's GUI domain. */
    static final class Launchd extends ServiceManager {
        private final Path file;
        private final Path logs;

        Launchd(Path file, Path logs) {
            this.file = file;
            this.logs = logs;
        }

        private static String domain() {
            return "gui/" + dev.keyport.api.home.Ownership.currentUid();
        }

        private static Run launchctl(String... args) {
            return run(List.of("launchctl"), args);
        }

        @Override
        String name() {
            return "launchd";
        }

        @Override
        Path file() {
            return file;
        }

        @Override
        String render(ServiceDefinition definition) {
            return definition.launchdPlist(logs);
        }

        @Override
        Optional<String> unreachable() {
            Run probe = launchctl("print", domain());
            return probe.ok() ? Optional.empty() : Optional.of("launchd's " + domain() + " domain cannot be reached"
                    + " (launchctl: " + firstLine(probe.output()) + "); install from a logged-in desktop session");
        }

        @Override
        Run enableAndRestart() {
            try {
                java.nio.file.Files.createDirectories(logs);
            } catch (IOException e) {
                return new Run(1, "cannot create " + logs + " (" + e.getMessage() + ")");
            }
            launchctl("bootout", domain() + "/" + ServiceDefinition.LAUNCHD_LABEL); // not loaded yet: fine
            Run load = launchctl("bootstrap", domain(), file.toString());
            return load.ok() ? launchctl("enable", domain() + "/" + ServiceDefinition.LAUNCHD_LABEL) : load;
        }

        @Override
        Run disableAndStop() {
            launchctl("disable", domain() + "/" + ServiceDefinition.LAUNCHD_LABEL);
            return launchctl("bootout", domain() + "/" + ServiceDefinition.LAUNCHD_LABEL);
        }

        @Override
        void forget() {
        }

        @Override
        String enabled() {
            return launchctl("print-disabled", domain()).output().contains("\"" + ServiceDefinition.LAUNCHD_LABEL
                    + "\" => disabled") ? "disabled" : "enabled";
        }

        @Override
        String active() {
            Run print = launchctl("print", domain() + "/" + ServiceDefinition.LAUNCHD_LABEL);
            return !print.ok() ? "not loaded" : print.output().contains("state = running") ? "active" : "inactive";
        }

        @Override
        String logHint() {
            return logs.resolve("daemon.log").toString();
        }

        @Override
        String statusHint() {
            return "launchctl print " + domain() + "/" + ServiceDefinition.LAUNCHD_LABEL;
        }
    }

    static String firstLine(String text) {
        String line = text.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }
}
