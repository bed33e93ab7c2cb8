package dev.keyport.cli;

import dev.keyport.api.home.HomeLayout;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the login service runs: this Keyport's launcher with {@code daemon}, and the settings of the shell that installed
 * it which decide where the daemon keeps and writes things. Rendered as a systemd user unit (Linux) or a launchd
 * agent (macOS); both hold no secret, and the values are written so that neither format reads them as anything else.
 *
 * @param launcher    the absolute path of the launcher ({@code bin/keyport})
 * @param environment the settings carried over, by name
 */
record ServiceDefinition(Path launcher, Map<String, String> environment) {
    /** The settings a service carries over from the installing shell: where things are, never credentials. */
    static final List<String> CARRIED = List.of("KEYPORT_HOME", "KEYPORT_PORT", "KEYPORT_BROWSER_PATH",
            "KEYPORT_JAVA_OPTS", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE");
    static final String SYSTEMD_UNIT = "keyport.service";
    static final String LAUNCHD_LABEL = "dev.keyport.daemon";

    /** The definition for this shell: paths made absolute, since the service does not start in this folder. */
    static ServiceDefinition of(Path launcher, Map<String, String> shell) {
        Map<String, String> carried = new LinkedHashMap<>();
        for (String name : CARRIED) {
            String value = shell.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            boolean path = !name.equals("KEYPORT_PORT") && !name.equals("KEYPORT_JAVA_OPTS");
            carried.put(name, path ? HomeLayout.expand(value).toAbsolutePath().normalize().toString() : value);
        }
        return new ServiceDefinition(launcher.toAbsolutePath().normalize(), carried);
    }

    /**
     * A systemd user unit: started with the user's session (default.target), restarted when it fails, its output
     * in the journal (systemd's default for a service), files it creates private (UMask).
     */
    String systemdUnit() {
        StringBuilder unit = new StringBuilder();
        unit.append("# Written by 'keyport service install'; 'keyport service uninstall' removes it.\n");
        unit.append("[Unit]\n");
        unit.append("Description=Keyport daemon: federated AWS sessions\n");
        // The README beside the launcher (a checkout) or above its bin/ (the download); a URI, so nothing to quote.
        Path folder = launcher.getParent();
        Path readme = (folder.getFileName() != null && folder.getFileName().toString().equals("bin")
                ? folder.resolveSibling("README.md") : folder.resolve("README.md"));
        unit.append("Documentation=").append(readme.toUri().toString().replace("%", "%%")).append('\n');
        unit.append("\n[Service]\n");
        unit.append("Type=simple\n");
        unit.append("ExecStart=").append(systemdWord(launcher.toString(), true)).append(" daemon\n");
        for (Map.Entry<String, String> e : environment.entrySet()) {
            unit.append("Environment=").append(systemdWord(e.getKey() + "=" + e.getValue(), false)).append('\n');
        }
        unit.append("UMask=0077\n");
        unit.append("Restart=on-failure\n");
        unit.append("RestartSec=2s\n");
        unit.append("NoNewPrivileges=yes\n");
        unit.append("\n[Install]\n");
        unit.append("WantedBy=default.target\n");
        return unit.toString();
    }

    /**
     * One word of a unit file line, double-quoted, with the characters systemd would otherwise interpret escaped:
     * backslash and quote (C escapes), % (specifiers) and, in a command line ({@code exec}), $ (variables; elsewhere,
     * as in Environment=, $ means nothing and must stay single).
     */
    static String systemdWord(String value, boolean exec) {
        StringBuilder word = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> word.append("\\\\");
                case '"' -> word.append("\\\"");
                case '%' -> word.append("%%");
                case '$' -> word.append(exec ? "$$" : "$");
                case '\n', '\r' -> throw new CliException(ExitCodes.INVALID_INPUT, "A setting for the service holds"
                        + " a line break, which a unit file cannot carry: " + dev.keyport.api.text.TerminalText.printable(value));
                default -> word.append(c);
            }
        }
        return word.append('"').toString();
    }

    /**
     * A launchd agent: loaded at login (RunAtLoad), started again unless it exited cleanly (KeepAlive), its output in
     * ~/Library/Logs/Keyport, where Console.app shows it.
     */
    String launchdPlist(Path logFolder) {
        StringBuilder plist = new StringBuilder();
        plist.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        plist.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
                + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        plist.append("<!-- Written by 'keyport service install'; 'keyport service uninstall' removes it. -->\n");
        plist.append("<plist version=\"1.0\">\n<dict>\n");
        plist.append("  <key>Label</key>\n  <string>").append(LAUNCHD_LABEL).append("</string>\n");
        plist.append("  <key>ProgramArguments</key>\n  <array>\n");
        plist.append("    <string>").append(xml(launcher.toString())).append("</string>\n");
        plist.append("    <string>daemon</string>\n  </array>\n");
        if (!environment.isEmpty()) {
            plist.append("  <key>EnvironmentVariables</key>\n  <dict>\n");
            environment.forEach((k, v) -> plist.append("    <key>").append(xml(k)).append("</key>\n    <string>")
                    .append(xml(v)).append("</string>\n"));
            plist.append("  </dict>\n");
        }
        plist.append("  <key>RunAtLoad</key>\n  <true/>\n");
        plist.append("  <key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n  </dict>\n");
        plist.append("  <key>ThrottleInterval</key>\n  <integer>5</integer>\n");
        plist.append("  <key>Umask</key>\n  <integer>63</integer>\n");
        plist.append("  <key>StandardOutPath</key>\n  <string>").append(xml(logFolder.resolve("daemon.log")
                .toString())).append("</string>\n");
        plist.append("  <key>StandardErrorPath</key>\n  <string>").append(xml(logFolder.resolve("daemon.log")
                .toString())).append("</string>\n");
        plist.append("</dict>\n</plist>\n");
        return plist.toString();
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
