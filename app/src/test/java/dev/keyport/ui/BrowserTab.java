package dev.keyport.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyport.browser.cdp.CdpPage;
import dev.keyport.browser.cdp.ChromiumProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One tab of the real Chromium, driven over the DevTools protocol the way a person uses the page: it types into
 * fields (input events, as keystrokes make), clicks, presses keys, and waits for what the page shows. Waits happen in
 * the page (a promise that settles when the condition holds, or fails after {@link #WAIT_MS}), never by sleeping.
 */
final class BrowserTab implements AutoCloseable {
    static final long WAIT_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CdpPage page;

    private BrowserTab(CdpPage page) {
        this.page = page;
    }

    static BrowserTab open(ChromiumProcess browser) throws Exception {
        return new BrowserTab(await(CdpPage.create(browser.connection())));
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_MS + 10_000, TimeUnit.MILLISECONDS);
    }

    void go(String url) throws Exception {
        await(page.navigate(url)).ifPresent(error -> {
            throw new AssertionError("Chromium could not open " + url + ": " + error);
        });
    }

    JsonNode eval(String script) throws Exception {
        return await(page.evaluate(script));
    }

    String text(String script) throws Exception {
        return eval(script).asText();
    }

    /** Waits until {@code condition} (a JavaScript expression) is truthy in the page, and returns its value. */
    JsonNode waitFor(String condition) throws Exception {
        // A page that navigates (the private page's forward, a reload) ends the wait in the old document: it is
        // asked again in the new one.
        for (int attempt = 1; ; attempt++) {
            try {
                return waitOnce(condition);
            } catch (java.util.concurrent.ExecutionException e) {
                String message = String.valueOf(e.getCause().getMessage());
                boolean navigated = message.contains("navigated or closed") || message.contains("context was destroyed");
                if (!navigated || attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private JsonNode waitOnce(String condition) throws Exception {
        String quoted = JSON.writeValueAsString(condition);
        return eval("new Promise((resolve, reject) => { const t0 = Date.now(); (function poll() {"
                + " let v; try { v = (" + condition + "); } catch (e) { v = undefined; }"
                + " if (v) return resolve(v);"
                + " if (Date.now() - t0 > " + WAIT_MS + ") return reject(new Error('timed out waiting for ' + " + quoted
                + " + '; the page says: ' + ((document.getElementById('status') || {}).textContent || '') + ' '"
                + " + [...document.querySelectorAll('.error')].map(e => e.textContent).filter(t => t).join(' | ')));"
                + " setTimeout(poll, 20); })(); })");
    }

    /** Types {@code value} into the field: the value is set and input/change events fire, as keystrokes make. */
    void type(String id, String value) throws Exception {
        waitFor("document.getElementById(" + JSON.writeValueAsString(id) + ")");
        eval("(() => { const el = document.getElementById(" + JSON.writeValueAsString(id) + "); el.focus();"
                + " el.value = " + JSON.writeValueAsString(value) + ";"
                + " el.dispatchEvent(new Event('input', {bubbles: true}));"
                + " el.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    /** Clicks the element with this id once it is there and enabled, with the mouse, at its centre. */
    void click(String id) throws Exception {
        String quoted = JSON.writeValueAsString(id);
        waitFor("(() => { const el = document.getElementById(" + quoted + "); return el && !el.disabled"
                + " && el.offsetParent !== null; })()");
        JsonNode box = eval("(() => { const el = document.getElementById(" + quoted + ");"
                + " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        for (String type : new String[] {"mousePressed", "mouseReleased"}) {
            ObjectNode params = JSON.createObjectNode().put("type", type).put("x", box.get("x").asDouble())
                    .put("y", box.get("y").asDouble()).put("button", "left").put("clickCount", 1);
            await(page.send("Input.dispatchMouseEvent", params));
        }
    }

    /** Presses a key (Tab, Enter, Escape) as a keyboard does. */
    void press(String key, boolean shift) throws Exception {
        int code = switch (key) {
            case "Tab" -> 9;
            case "Enter" -> 13;
            case "Escape" -> 27;
            default -> throw new IllegalArgumentException(key);
        };
        for (String type : new String[] {"rawKeyDown", "keyUp"}) {
            ObjectNode params = JSON.createObjectNode().put("type", type).put("key", key).put("code", key)
                    .put("windowsVirtualKeyCode", code).put("modifiers", shift ? 8 : 0);
            await(page.send("Input.dispatchKeyEvent", params));
            if (type.equals("rawKeyDown") && key.equals("Enter")) {
                await(page.send("Input.dispatchKeyEvent", JSON.createObjectNode().put("type", "char")
                        .put("text", "\r").put("key", key).put("windowsVirtualKeyCode", code)));
            }
        }
    }

    /** The id (else tag and text) of the element that has the keyboard focus. */
    String focused() throws Exception {
        return text("(() => { const el = document.activeElement; return el.id || (el.tagName + ':'"
                + " + (el.textContent || '').trim()); })()");
    }

    /** Sets the viewport (CSS pixels) and the colour scheme the page sees. */
    void viewport(int width, int height, String colourScheme) throws Exception {
        await(page.send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width)
                .put("height", height).put("deviceScaleFactor", 1).put("mobile", false)));
        ObjectNode media = JSON.createObjectNode();
        media.putArray("features").addObject().put("name", "prefers-color-scheme").put("value", colourScheme);
        await(page.send("Emulation.setEmulatedMedia", media));
    }

    /** Saves a PNG of the whole page (not just the viewport). */
    void screenshot(Path file) throws Exception {
        JsonNode shot = await(page.send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true)));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** The browser's cookies for a URL, as DevTools reports them (httpOnly, sameSite, domain, path...). */
    JsonNode cookies(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.putArray("urls").add(url);
        return await(page.send("Network.getCookies", params)).get("cookies");
    }

    CdpPage page() {
        return page;
    }

    @Override
    public void close() {
        page.close();
    }

    static Path screenshotFolder() throws IOException {
        String chosen = System.getProperty("ui.screenshots");
        Path folder = chosen == null || chosen.isBlank() ? Path.of("target", "ui-screenshots") : Path.of(chosen);
        return Files.createDirectories(folder);
    }
}
