package dev.keyport.console;

import dev.keyport.daemon.KeyportHome;
import dev.keyport.api.home.Ownership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Private pages that forward a browser to a console sign-in URL. The URL carries a sign-in token, a secret: handed to
 * the desktop's opener as an argument it would be readable by every local user in the process table. So the daemon
 * writes it into a page only the user can read ({@code $KEYPORT_HOME/console/*.html}, 0600, in a 0700 folder), the
 * opener gets the page's path, and the page forwards the browser (meta refresh, no script). A page is removed
 * {@code keyport.console.page-lifetime} after it was written (the browser has read it by then), at daemon stop, and at
 * the next start should the daemon have been killed.
 */
@Singleton
public class ConsolePages {
    static final String DIR = "console";
    private static final Logger LOG = Logger.getLogger(ConsolePages.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyportHome home;
    private final ConsoleConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<Path, Instant> pages = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keyport-console-pages");
        t.setDaemon(true);
        return t;
    });

    public ConsolePages(KeyportHome home, ConsoleConfig config) {
        this.home = home;
        this.config = config;
    }

    /** A page written for a sign-in URL, and when it will be gone. */
    public record Page(Path path, Instant removeAt) {
    }

    /** Writes a page that forwards to {@code signInUrl}; its path is safe to show and to pass on. */
    public Page write(URI signInUrl) throws IOException {
        return write(signInUrl, "Signing in to the AWS console");
    }

    /**
     * Writes a page titled {@code title} that forwards to {@code url}, a secret (a console sign-in URL, the web page's
     * one-time link).
     */
    public Page write(URI url, String title) throws IOException {
        URI signInUrl = url;
        Path dir = home.resolve(DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            KeyportHome.createPrivateDirectory(dir, "the console pages folder", "Check Keyport's home.");
        }
        Path page = dir.resolve(HexFormat.of().formatHex(randomBytes()) + ".html");
        // CREATE_NEW: never write through something that is already there.
        try (FileChannel out = FileChannel.open(page, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            out.write(java.nio.ByteBuffer.wrap(html(signInUrl, title).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Instant removeAt = clock.instant().plus(config.pageLifetime());
        pages.put(page, removeAt);
        timer.schedule(() -> removeDue(removeAt), config.pageLifetime().toMillis(), TimeUnit.MILLISECONDS);
        return new Page(page, removeAt);
    }

    /** Removes the pages due by {@code now}; tests ask for a given instant instead of waiting. */
    public void removeDue(Instant now) {
        pages.forEach((page, removeAt) -> {
            if (!now.isBefore(removeAt)) {
                delete(page);
                pages.remove(page);
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        // A killed daemon could not remove its pages: nothing in the folder is still wanted.
        Path dir = home.dir().resolve(DIR);
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "*.html")) {
                stale.forEach(ConsolePages::delete);
            } catch (IOException e) {
                LOG.warnf("Could not clean %s: %s", dir, e.getClass().getSimpleName());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        pages.keySet().forEach(ConsolePages::delete);
        pages.clear();
    }

    private static void delete(Path page) {
        try {
            if (Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS) && Ownership.ownedByUserOrRoot(page)) {
                Files.delete(page);
            }
        } catch (IOException e) {
            LOG.warnf("Could not remove the console page %s: %s", page, e.getClass().getSimpleName());
        }
    }

    /** The page: forwards at once, without script, and tells the console nothing about where it came from. */
    static String html(URI signInUrl) {
        return html(signInUrl, "Signing in to the AWS console");
    }

    static String html(URI signInUrl, String title) {
        String url = escape(signInUrl.toString());
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + url + "\">\n"
                + "<title>" + escape(title) + "</title></head>\n"
                + "<body><p>" + escape(title) + "... <a href=\"" + url + "\" rel=\"noreferrer\">Continue</a>"
                + "</p></body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
