package dev.keyport.browser;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a Chromium-family browser: the configured path, else the usual install locations of Chromium, Chrome, Edge
 * and Brave on Linux, macOS and Windows.
 */
public final class BrowserLocator {
    static final List<String> LINUX = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/snap/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
            "/usr/bin/microsoft-edge", "/usr/bin/brave-browser");
    static final List<String> MAC = List.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
            "/Applications/Brave Browser.app/Contents/MacOS/Brave Browser");
    static final List<String> WINDOWS = List.of("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
            "C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe");

    private BrowserLocator() {
    }

    /**
     * @param configured {@code keyport.browser.path}, if set
     * @throws KeyportException (UNAVAILABLE) saying where it looked and how to fix it
     */
    public static Path locate(Optional<String> configured) {
        return locate(configured, candidates(System.getProperty("os.name", "")));
    }

    static Path locate(Optional<String> configured, List<String> candidates) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            Path path = Path.of(configured.get().trim());
            if (Files.isExecutable(path) && !Files.isDirectory(path)) {
                return path;
            }
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "keyport.browser.path is " + path
                    + ", which is not an executable file. Point it (or KEYPORT_BROWSER_PATH) at Chromium, Chrome or"
                    + " Edge, or unset it to use the first one installed.");
        }
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path) && !Files.isDirectory(path)) {
                return path;
            }
        }
        throw new KeyportException(ErrorCategory.UNAVAILABLE, "No Chromium-family browser found for signing in"
                + " (looked at " + String.join(", ", candidates) + "). Install one (Debian/Ubuntu: apt-get install"
                + " chromium), or set keyport.browser.path (KEYPORT_BROWSER_PATH) to its executable. Meanwhile a session"
                + " can still be started with a SAML response supplied in the request.");
    }

    static List<String> candidates(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>();
        if (os.contains("mac")) {
            all.addAll(MAC);
        } else if (os.contains("win")) {
            all.addAll(WINDOWS);
        } else {
            all.addAll(LINUX);
        }
        return all;
    }
}
