package dev.keyport.browser;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.daemon.KeyportHome;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SimpleSamlPhpIdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two clocks of a browser login, with a BrowserLogin built by hand so their values can be short: the background
 * timeout brings the page to the user when nothing is recognised, and the login timeout ends a sign-in nobody
 * completes, with a clear error and no browser left.
 */
@IntegrationTest
class BrowserLoginTimeoutTest {
    @TempDir
    Path home;

    @Test
    void aPageThatIsNotARecognisedSignInPageIsShownAfterTheBackgroundTimeout() throws Exception {
        try (SimpleSamlPhpIdp idp = SimpleSamlPhpIdp.builder()
                .user("alice", "pw", List.of("arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P"),
                        "alice@example.com").start()) {
            KeyportHome keyportHome = new KeyportHome(home.toString());
            BrowserProfiles profiles = new BrowserProfiles(keyportHome);
            BrowserLogin login = new BrowserLogin(TestBrowserConfig.headless(Duration.ofSeconds(1), Duration.ofSeconds(60)), profiles);
            List<BrowserLogin.LoginWindow> windows = new CopyOnWriteArrayList<>();
            login.onLoginWindow(window -> {
                windows.add(window);
                window.page().close(); // the user closes it
            });
            String samlUrl = idp.loginUrl().toString();

            KeyportException e = assertThrows(KeyportException.class,
                    () -> login.login(TestBrowserConfig.target(keyportHome, samlUrl, List.of()), reason -> { }));

            assertTrue(e.getMessage().startsWith("Login cancelled"), e.getMessage());
            assertEquals(1, windows.size());
            assertEquals(BrowserLogin.LoginWindow.BACKGROUND_TIMEOUT, windows.get(0).trigger());
            assertEquals(List.of(), BrowserLoginTest.browsersUsing(profiles.profileFor(samlUrl)));
        }
    }

    @Test
    void aConfiguredSignInPagePatternShowsTheWindowAtOnce() throws Exception {
        try (SimpleSamlPhpIdp idp = SimpleSamlPhpIdp.builder()
                .user("alice", "pw", List.of("arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P"),
                        "alice@example.com").start()) {
            KeyportHome keyportHome = new KeyportHome(home.toString());
            BrowserLogin login = new BrowserLogin(TestBrowserConfig.headless(Duration.ofSeconds(60), Duration.ofSeconds(60)),
                    new BrowserProfiles(keyportHome));
            List<BrowserLogin.LoginWindow> windows = new CopyOnWriteArrayList<>();
            login.onLoginWindow(window -> {
                windows.add(window);
                window.page().close();
            });
            assertThrows(KeyportException.class,
                    () -> login.login(TestBrowserConfig.target(keyportHome, idp.loginUrl().toString(),
                            List.of("/simplesaml/module\\.php/core/loginuserpass\\.php")), reason -> { }));
            assertEquals(BrowserLogin.LoginWindow.SIGN_IN_PAGE, windows.get(0).trigger(),
                    "keyport.browser.login-page-patterns must switch before the 60 s background timeout");
        }
    }

    @Test
    void aSignInNobodyCompletesTimesOutAndLeavesNoBrowser() throws Exception {
        try (SimpleSamlPhpIdp idp = SimpleSamlPhpIdp.builder()
                .user("alice", "pw", List.of("arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P"),
                        "alice@example.com").start()) {
            KeyportHome keyportHome = new KeyportHome(home.toString());
            BrowserProfiles profiles = new BrowserProfiles(keyportHome);
            BrowserLogin login = new BrowserLogin(TestBrowserConfig.headless(Duration.ofSeconds(1), Duration.ofSeconds(8)), profiles);
            List<String> reasons = new CopyOnWriteArrayList<>();
            String samlUrl = idp.loginUrl().toString();

            KeyportException e = assertThrows(KeyportException.class,
                    () -> login.login(TestBrowserConfig.target(keyportHome, samlUrl, List.of()), reasons::add));

            assertEquals(ErrorCategory.UNAVAILABLE, e.category());
            assertTrue(e.getMessage().contains("within 8 s") && e.getMessage().contains("login-timeout"), e.getMessage());
            assertEquals(List.of(BrowserLogin.WAITING_FOR_USER), reasons, "the user was asked before time ran out");
            assertEquals(List.of(), BrowserLoginTest.browsersUsing(profiles.profileFor(samlUrl)));
        }
    }

    @Test
    void withoutABrowserTheErrorSaysHowToInstallOne() {
        KeyportHome keyportHome = new KeyportHome(home.toString());
        BrowserConfig noBrowser = new TestBrowserConfig(Optional.of(home.resolve("no-such-browser").toString()),
                Duration.ofSeconds(1), Duration.ofSeconds(4), false);
        BrowserLogin login = new BrowserLogin(noBrowser, new BrowserProfiles(keyportHome));
        KeyportException e = assertThrows(KeyportException.class, login::checkAvailable);
        assertTrue(e.getMessage().contains("keyport.browser.path"), e.getMessage());
        assertEquals(ErrorCategory.UNAVAILABLE, e.category());
    }
}
