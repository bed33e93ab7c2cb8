package dev.keyport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyport.browser.cdp.CdpConnection;
import dev.keyport.browser.cdp.CdpException;
import dev.keyport.browser.cdp.CdpPage;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.keyport.browser.LoginFailures.STEP_TIMEOUT;

/**
 * The browser's windows and tabs during a login: whether there is a screen to show a window on at all, where the
 * window opens, the restored tabs closed so that only the login's own remains, and the window raised when the person
 * is needed. What happens inside the page is {@link LoginPage}'s.
 */
final class LoginWindows {
    /** Logged under BrowserLogin's category, so settings for the browser login's logging still cover it. */
    private static final Logger LOG = Logger.getLogger(BrowserLogin.class);

    private LoginWindows() {
    }

    /**
     * Chromium arguments for a browser that has a window: only a login that needs the person has one, so it opens on
     * screen, where {@link #bringToFront} puts it.
     */
    static List<String> onScreen(boolean window) {
        return window ? List.of("--window-position=120,80", "--window-size=960,760") : List.of();
    }

    /** Whether a window can be shown: always on macOS and Windows, elsewhere only with an X11 or Wayland display. */
    static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    /** Closes the restored tabs, so the profile's saved session never grows from one login to the next. */
    static void closeOtherTabs(CdpConnection connection, CdpPage page, BrowserLogin.Target target,
                               LoginFailures failures) {
        JsonNode targets = failures.await(connection.send("Target.getTargets", null), STEP_TIMEOUT, target);
        for (JsonNode info : targets.path("targetInfos")) {
            String id = info.path("targetId").asText();
            if ("page".equals(info.path("type").asText()) && !id.equals(page.targetId())) {
                connection.send("Target.closeTarget", JsonNodeFactory.instance.objectNode().put("targetId", id));
            }
        }
    }

    /**
     * Puts the window where the person sees it, and raises it. A window that stays where it was is
     * logged and tolerated: the user may still find it, and the login goes on either way.
     */
    static void bringToFront(CdpConnection connection, CdpPage page, BrowserLogin.Target target) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        try {
            int windowId = connection.send("Browser.getWindowForTarget", json.objectNode().put("targetId", page.targetId()))
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("windowId").asInt();
            ObjectNode bounds = json.objectNode().put("left", 120).put("top", 80).put("width", 960).put("height", 760)
                    .put("windowState", "normal");
            connection.send("Browser.setWindowBounds", json.objectNode().put("windowId", windowId).set("bounds", bounds))
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            page.send("Page.bringToFront", json.objectNode()).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CdpException e) {
            LOG.warnf("Could not bring the sign-in window for %s to the front: %s",
                    LoginFailures.hostOf(target.samlUrl()), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoginFailures.cancelled(target);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
