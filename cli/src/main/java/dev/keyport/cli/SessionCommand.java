package dev.keyport.cli;

import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code keyport session ...}: the command group and what its subcommands share (a session's API path, times shown in
 * local time). The subcommands are nested classes of {@link SessionDefinitionCommands} ({@code add}, {@code list},
 * {@code show}, {@code edit}, {@code remove}) and of {@link SessionLifecycleCommands} ({@code start}, {@code stop},
 * {@code refresh}, {@code logout}, {@code answer}).
 */
@Command(name = "session", mixinStandardHelpOptions = true, description = "Create, start and manage federated sessions.",
        subcommands = {SessionDefinitionCommands.Add.class, SessionDefinitionCommands.ListSessions.class,
                SessionDefinitionCommands.Show.class, SessionDefinitionCommands.Edit.class,
                SessionDefinitionCommands.Remove.class, SessionLifecycleCommands.Start.class,
                SessionLifecycleCommands.Stop.class, SessionLifecycleCommands.Refresh.class,
                SessionLifecycleCommands.Logout.class, SessionLifecycleCommands.Answer.class})
final class SessionCommand {
    /**
     * Local time with its zone, so a time read off the screen means one instant. In a holder of its own: the zone
     * loads the time-zone database (some 35 ms), which {@code credential-process}, calling {@link #path}, never needs.
     */
    private static final class LocalTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz")
                .withZone(ZoneId.systemDefault());
    }

    static String path(String session) {
        return "/api/v1/sessions/" + DaemonClient.encode(session);
    }

    static String localTime(Instant at) {
        return at == null ? "" : LocalTime.FORMAT.format(at);
    }

    /** "2026-11-28 14:05:00 CET (in 59 min)" */
    static String until(Instant at) {
        if (at == null) {
            return "an unknown time";
        }
        long minutes = Duration.between(Instant.now(), at).toMinutes();
        return LocalTime.FORMAT.format(at) + " (in " + minutes + " min)";
    }
}
