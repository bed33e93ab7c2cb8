package dev.keyport.daemon;

import dev.keyport.api.home.HomeLayout;
import dev.keyport.api.home.Ownership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.DomainSocketServerStart;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the daemon does with its home before anything else runs, and before the HTTP server binds (Quarkus fires the
 * start-up event first): refuse a home others could write to, take the single-instance lock, remove what a crashed
 * run left behind (its own temp files, a stale socket), and, once listening, make the socket private and record
 * where the TCP endpoint is ({@value #RECORD_NAME}: pid and port, for people and tools; the CLI needs only the socket).
 */
@Singleton
public class DaemonStartup {
    static final String RECORD_NAME = HomeLayout.RECORD;
    private static final Logger LOG = Logger.getLogger(DaemonStartup.class);

    private final KeyportHome home;
    private final DaemonLock lock;
    private final ListeningAddress address;

    public DaemonStartup(KeyportHome home, DaemonLock lock, ListeningAddress address) {
        this.home = home;
        this.lock = lock;
        this.address = address;
    }

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        home.checkPrivate();
        lock.acquire();
        removeStrayTempFiles();
        removeStaleSocket();
    }

    void onSocketBound(@ObservesAsync DomainSocketServerStart event) {
        Path socket = home.socket();
        try {
            // The home (0700) already keeps everyone else out; the socket says so too.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Could not restrict %s to its owner: %s", socket, e.getClass().getSimpleName());
        }
        writeRecord();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            Files.deleteIfExists(home.resolve(RECORD_NAME));
            Files.deleteIfExists(home.socket());
        } catch (IOException e) {
            LOG.debugf("Could not remove the socket or the daemon record: %s", e);
        }
        lock.release();
    }

    /** Temp files of {@link PrivateFiles} ({@code .NAME.tmp}) that a run killed mid-write left in the home. */
    void removeStrayTempFiles() {
        try (DirectoryStream<Path> strays = Files.newDirectoryStream(home.dir(), ".*" + PrivateFiles.TEMP_SUFFIX)) {
            for (Path stray : strays) {
                if (Files.isRegularFile(stray, LinkOption.NOFOLLOW_LINKS) && Ownership.ownedByUserOrRoot(stray)) {
                    Files.delete(stray);
                    LOG.infof("Removed %s, left by an earlier run that stopped while writing", stray.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not look for stray temporary files in %s: %s", home.dir(), e.getClass().getSimpleName());
        }
    }

    /**
     * A socket a killed daemon left behind: no daemon can be using it, since this one holds the lock. Whatever else
     * sits under the socket's name goes too; the home is private, so it is the user's own litter.
     */
    private void removeStaleSocket() {
        Path socket = home.socket();
        try {
            if (Files.deleteIfExists(socket)) {
                LOG.debugf("Removed the stale socket %s", socket);
            }
        } catch (IOException e) {
            LOG.warnf("Could not remove the stale socket %s: %s", socket, e.getClass().getSimpleName());
        }
    }

    private void writeRecord() {
        String record = "{\"pid\": " + ProcessHandle.current().pid() + ", \"port\": " + address.port()
                + ", \"socket\": \"" + home.socket().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
        try {
            PrivateFiles.writeAtomically(home.resolve(RECORD_NAME), record.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warnf("Could not write %s: %s", home.resolve(RECORD_NAME), e.getClass().getSimpleName());
        }
    }
}
