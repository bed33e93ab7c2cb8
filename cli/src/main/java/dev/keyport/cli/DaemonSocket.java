package dev.keyport.cli;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the CLI finds the user's daemon, and why it trusts what answers there: the Unix domain socket in the daemon's
 * home ({@code $KEYPORT_HOME/daemon.sock}) and the API token next to it. Before the API token leaves this process the
 * CLI makes sure that what answers is the user's own daemon: the home belongs to the user and no one else can write to
 * it, the socket belongs to the user, and the process at the other end of the socket runs as the user (the kernel says
 * so: SO_PEERCRED). A process that grabbed the TCP port, or another user's daemon, never hears from the CLI.
 * {@link DaemonClient} sends the requests over what {@link #connect()} hands it.
 */
final class DaemonSocket {
    private static final Pattern TOKEN_FILE = Pattern.compile("[A-Za-z0-9_-]{43}\\n?");
    /** Where the CLI looked, for a message that may be about a daemon started with another home. */
    static final String WHICH_HOME = "(The CLI looks for the daemon in its home: --home for credential-process, else"
            + " KEYPORT_HOME, else ~/.keyport; a daemon started with another home is found only with that one.)";

    private final Path home;

    DaemonSocket(Path home) {
        this.home = home;
    }

    /** The home as the daemon would resolve it from the environment. */
    static Path homeFromEnvironment() {
        String homeValue = System.getenv("KEYPORT_HOME");
        if (homeValue == null || homeValue.isBlank()) {
            homeValue = System.getProperty("keyport.home", HomeLayout.DEFAULT_HOME);
        }
        return HomeLayout.expand(homeValue).toAbsolutePath().normalize();
    }

    Path home() {
        return home;
    }

    Path socket() {
        return home.resolve(HomeLayout.SOCKET);
    }

    /**
     * Connects to the daemon's socket after checking that only the user could have put it there, and that the
     * process on the other end runs as the user. Nothing is sent before these checks pass.
     */
    SocketChannel connect() {
        Path socket = socket();
        Ownership.untrustedFolder(home, "Keyport's home").ifPresent(problem -> {
            if (Files.isDirectory(home)) {
                throw new CliException(ExitCodes.NO_DAEMON, problem + " The CLI will not talk to a daemon there.");
            }
        });
        try {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw notRunning();
            }
            if (!Ownership.isSocket(socket)) {
                throw new CliException(ExitCodes.NO_DAEMON, socket + " is not a socket, so no Keyport daemon"
                        + " listens there. Remove it and start the daemon with: keyport daemon");
            }
            if (Ownership.uid(socket) != Ownership.currentUid()) {
                throw new CliException(ExitCodes.NO_DAEMON, socket + " belongs to another user (uid "
                        + Ownership.uid(socket) + "), not to you: it is not your Keyport daemon. Remove it and start"
                        + " the daemon with: keyport daemon");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Cannot check the daemon's socket " + socket + " ("
                    + e.getClass().getSimpleName() + ").");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "This system cannot open a Unix domain socket ("
                    + e.getClass().getSimpleName() + ").");
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().getName().equals(Ownership.currentUserName())) {
                throw new CliException(ExitCodes.NO_DAEMON, "The process listening on " + socket + " runs as "
                        + peer.user().getName() + ", not as you: it is not your Keyport daemon, and the CLI sent it"
                        + " nothing. Stop it, remove the socket and start the daemon with: keyport daemon");
            }
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            // A socket nobody listens on any more: the daemon was killed.
            throw notRunning();
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    /** The API token, read without following a symlink, from a file only the user can read. */
    String token() {
        Path file = home.resolve(HomeLayout.API_TOKEN);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(ExitCodes.NO_DAEMON, "No API token in " + home + ": no Keyport daemon has run"
                        + " with this home yet. Start it with: keyport daemon. " + WHICH_HOME);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // a token file is 44 bytes
                }
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                if (!TOKEN_FILE.matcher(text).matches()) {
                    throw new CliException(ExitCodes.NO_DAEMON, "The API token file in " + home + " is not one"
                            + " Keyport wrote. Restart the daemon (keyport daemon), which replaces it.");
                }
                return text.strip();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.NO_DAEMON, "Cannot read the API token in " + home + " ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    private CliException notRunning() {
        return new CliException(ExitCodes.NO_DAEMON, "The Keyport daemon is not running (no socket at " + socket()
                + "). Start it with: keyport daemon. " + WHICH_HOME);
    }
}
