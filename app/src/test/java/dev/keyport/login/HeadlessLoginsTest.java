package dev.keyport.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.provider.okta.OktaProvider;
import dev.keyport.provider.onelogin.OneLoginProvider;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.HeadlessLogin;
import dev.keyport.spi.KeyportException;
import dev.keyport.spi.ProviderSettings;
import dev.keyport.testkit.EmulatedUsers;
import dev.keyport.testkit.OktaEmulator;
import dev.keyport.testkit.OneLoginEmulator;
import dev.keyport.testkit.TestkitServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.keyport.testkit.EmulatedUsers.PASSWORD;
import static dev.keyport.testkit.EmulatedUsers.SMS_CODE;
import static dev.keyport.testkit.EmulatedUsers.TOTP_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Okta and OneLogin headless logins, through the daemon's own web client, against the test kit's emulators of
 * their APIs: every factor, every failure, the one push, and the re-use of the IdP session.
 */
class HeadlessLoginsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/Headless";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/Emulated";
    private static TestkitServer kit;

    @BeforeAll
    static void start() {
        kit = new TestkitServer(List.of());
        kit.okta().app("0oatest", ROLE, PROVIDER);
        kit.oneLogin().app("123456", ROLE, PROVIDER);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    // --- Okta ---------------------------------------------------------------------------------------------------

    private static HeadlessLogin okta() {
        OktaProvider provider = new OktaProvider();
        provider.configure(settings(Map.of("push-poll-interval", "PT0S")));
        return provider.headlessLogin().orElseThrow();
    }

    private static String oktaLogin(IdpWebClient web, String user, ScriptedPrompter prompter) {
        return okta().obtainSamlResponse(new HeadlessLogin.Context(URI.create(kit.okta().embedLink("0oatest")), user,
                prompter, web));
    }

    @Test
    void oktaWithPasswordOnlyThenReusesItsSessionUntilItEnds() {
        IdpWebClient web = web();
        ScriptedPrompter first = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oktaLogin(web, "alice", first));
        assertEquals(List.of("Okta password for alice at " + kit.endpoint().getRawAuthority()), first.asked);
        int checks = kit.okta().passwordChecks("alice");

        ScriptedPrompter refresh = new ScriptedPrompter();
        assertGrantsTheRole(oktaLogin(web, "alice", refresh));
        assertEquals(List.of(), refresh.asked, "the Okta session (sid cookie) is re-used: nothing is asked");
        assertEquals(checks, kit.okta().passwordChecks("alice"));
        ScriptedPrompter otherSession = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oktaLogin(web(), "alice", otherSession));
        assertEquals(1, otherSession.asked.size(), "another session's web client has none of this one's cookies");

        kit.okta().endSessions();
        ScriptedPrompter again = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oktaLogin(web, "alice", again));
        assertEquals(List.of("Okta password for alice at " + kit.endpoint().getRawAuthority()), again.asked, "an ended Okta session means a new sign-in");
    }

    @Test
    void oktaAsksForTheUserNameWhenTheSessionHasNone() {
        ScriptedPrompter p = new ScriptedPrompter("alice", PASSWORD);
        assertGrantsTheRole(oktaLogin(web(), null, p));
        assertEquals(List.of("Okta user name", "Okta password for alice at " + kit.endpoint().getRawAuthority()), p.asked);
    }

    @Test
    void oktaTotpAWrongCodeIsAskedAgainWithoutThePassword() {
        ScriptedPrompter p = new ScriptedPrompter(PASSWORD, "000000", TOTP_CODE);
        assertGrantsTheRole(oktaLogin(web(), "totp", p));
        assertEquals(List.of("Okta password for totp at " + kit.endpoint().getRawAuthority(), "Code from Google Authenticator",
                "Code from Google Authenticator"), p.asked);
        assertTrue(p.told.get(0).contains("refused that code"), p.told.toString());
    }

    @Test
    void oktaSmsSendsTheCodeThenChecksIt() {
        ScriptedPrompter p = new ScriptedPrompter(PASSWORD, SMS_CODE);
        assertGrantsTheRole(oktaLogin(web(), "sms", p));
        assertTrue(p.asked.get(1).startsWith("Code sent by SMS to +1 XXX-XXX-4242"), p.asked.toString());
    }

    @Test
    void oktaPushShowsTheNumberToTapAndSendsExactlyOnePush() {
        int before = kit.okta().pushesSent("push");
        ScriptedPrompter p = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oktaLogin(web(), "push", p));
        assertEquals(1, kit.okta().pushesSent("push") - before, "one push per login, however long the wait");
        assertEquals(List.of(EmulatedUsers.PUSH_NUMBER), p.pushNumbers);
    }

    @Test
    void aSignInNoOneAskedForSendsNoPush() {
        int okta = kit.okta().pushesSent("push");
        ScriptedPrompter nobody = new ScriptedPrompter(PASSWORD);
        nobody.attended = false;
        KeyportException e = assertThrows(KeyportException.class, () -> oktaLogin(web(), "push", nobody));
        assertEquals(ErrorCategory.CONFLICT, e.category());
        assertTrue(e.getMessage().contains("so none was sent"), e.getMessage());
        assertEquals(okta, kit.okta().pushesSent("push"));

        int sms = kit.okta().smsSent("sms");
        ScriptedPrompter noOneForTheCode = new ScriptedPrompter(PASSWORD);
        noOneForTheCode.attended = false;
        KeyportException noSms = assertThrows(KeyportException.class, () -> oktaLogin(web(), "sms", noOneForTheCode));
        assertTrue(noSms.getMessage().contains("so none was sent"), noSms.getMessage());
        assertEquals(sms, kit.okta().smsSent("sms"), "no SMS either");

        int oneLogin = kit.oneLogin().pushesSent("push");
        ScriptedPrompter alsoNobody = new ScriptedPrompter(PASSWORD);
        alsoNobody.attended = false;
        HeadlessLogin login = oneLogin("us", Map.of("client-secret", OneLoginEmulator.CLIENT_SECRET));
        assertThrows(KeyportException.class, () -> oneLoginLogin(login, "push", alsoNobody));
        assertEquals(oneLogin, kit.oneLogin().pushesSent("push"));
    }

    @Test
    void oktaWithSeveralFactorsLetsThePersonChoose() {
        ScriptedPrompter p = new ScriptedPrompter(PASSWORD, "Google Authenticator", TOTP_CODE);
        assertGrantsTheRole(oktaLogin(web(), "multi", p));
        assertEquals("Okta second factor [Okta Verify push, Google Authenticator, SMS to +1 XXX-XXX-4242]",
                p.asked.get(1));
        assertEquals(0, kit.okta().pushesSent("multi"), "no push when the person chose a code");
    }

    @Test
    void oktaFailuresSayWhatHappenedAndWhatToDo() {
        assertRefused(() -> oktaLogin(web(), "alice", new ScriptedPrompter("wrong password")),
                "refused the user name or password of 'alice'");
        ScriptedPrompter wrong = new ScriptedPrompter("wrong password");
        assertThrows(KeyportException.class, () -> oktaLogin(web(), "alice", wrong));
        assertEquals(List.of("alice"), wrong.refused, "a refused password is forgotten if it was remembered");
        assertRefused(() -> oktaLogin(web(), "locked", new ScriptedPrompter(PASSWORD)), "has locked the account");
        int pushes = kit.okta().pushesSent("push-rejected");
        assertRefused(() -> oktaLogin(web(), "push-rejected", new ScriptedPrompter(PASSWORD)),
                "push was rejected on the phone");
        assertEquals(1, kit.okta().pushesSent("push-rejected") - pushes);
        assertRefused(() -> oktaLogin(web(), "push-timeout", new ScriptedPrompter(PASSWORD)),
                "not approved in time");
        assertRefused(() -> oktaLogin(web(), "totp", new ScriptedPrompter(PASSWORD, "1", "2", "3", "4", "5")),
                "refused 5 codes in a row");
    }

    @Test
    void anOktaLinkToTheWrongAppSaysHowToFindTheEmbedLink() {
        KeyportException e = assertThrows(KeyportException.class, () -> okta().obtainSamlResponse(
                new HeadlessLogin.Context(URI.create(kit.endpoint() + OktaEmulator.EMBED_PREFIX + "nope/1"), "alice",
                        new ScriptedPrompter(PASSWORD), web())));
        assertTrue(e.getMessage().contains("App Embed Link"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
    }

    // --- OneLogin -----------------------------------------------------------------------------------------------

    private static HeadlessLogin oneLogin(String region, Map<String, String> extra) {
        OneLoginProvider provider = new OneLoginProvider();
        Map<String, String> s = new java.util.HashMap<>(Map.of("client-id", OneLoginEmulator.CLIENT_ID,
                "api-url", kit.oneLogin().apiUrl(region), "subdomain", OneLoginEmulator.SUBDOMAIN,
                "push-poll-interval", "PT0S"));
        s.putAll(extra);
        provider.configure(settings(s));
        return provider.headlessLogin().orElseThrow();
    }

    private static String oneLoginLogin(HeadlessLogin login, String user, ScriptedPrompter prompter) {
        return login.obtainSamlResponse(new HeadlessLogin.Context(URI.create(kit.oneLogin().launchUrl("123456")),
                user, prompter, web()));
    }

    @Test
    void oneLoginAsksForTheApiSecretOnceAndReusesItsTokenOnRefresh() {
        HeadlessLogin login = oneLogin("us", Map.of());
        int tokens = kit.oneLogin().tokensIssued();
        ScriptedPrompter first = new ScriptedPrompter(OneLoginEmulator.CLIENT_SECRET, PASSWORD);
        assertGrantsTheRole(oneLoginLogin(login, "alice", first));
        assertEquals(List.of("OneLogin API client secret (client id testkit-client)", "OneLogin password for alice at testkit.onelogin.com"),
                first.asked);
        ScriptedPrompter refresh = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oneLoginLogin(login, "alice", refresh));
        assertEquals(List.of("OneLogin password for alice at testkit.onelogin.com"), refresh.asked, "the API token is re-used");
        assertEquals(1, kit.oneLogin().tokensIssued() - tokens);
    }

    @Test
    void oneLoginStaysOnTheRegionItStartedOnWhateverTheCallbackSays() {
        HeadlessLogin login = oneLogin("eu", Map.of("client-secret", OneLoginEmulator.CLIENT_SECRET));
        ScriptedPrompter p = new ScriptedPrompter(PASSWORD, TOTP_CODE);
        assertGrantsTheRole(oneLoginLogin(login, "totp", p));
    }

    @Test
    void oneLoginEachFactor() {
        HeadlessLogin login = oneLogin("us", Map.of("client-secret", OneLoginEmulator.CLIENT_SECRET));
        ScriptedPrompter totp = new ScriptedPrompter(PASSWORD, "000000", TOTP_CODE);
        assertGrantsTheRole(oneLoginLogin(login, "totp", totp));
        assertEquals(3, totp.asked.size(), "a wrong code is asked again, the password is not: " + totp.asked);
        assertGrantsTheRole(oneLoginLogin(login, "sms", new ScriptedPrompter(PASSWORD, SMS_CODE)));
        int pushes = kit.oneLogin().pushesSent("push");
        ScriptedPrompter push = new ScriptedPrompter(PASSWORD);
        assertGrantsTheRole(oneLoginLogin(login, "push", push));
        assertEquals(1, kit.oneLogin().pushesSent("push") - pushes, "one push per login");
        assertTrue(push.told.get(0).contains("OneLogin Protect"), push.told.toString());
        ScriptedPrompter multi = new ScriptedPrompter(PASSWORD, "OneLogin SMS", SMS_CODE);
        assertGrantsTheRole(oneLoginLogin(login, "multi", multi));
        assertEquals(0, kit.oneLogin().pushesSent("multi"));
    }

    @Test
    void oneLoginFailuresSayWhatHappenedAndWhatToDo() {
        HeadlessLogin login = oneLogin("us", Map.of("client-secret", OneLoginEmulator.CLIENT_SECRET,
                "push-timeout", "PT0S"));
        ScriptedPrompter wrong = new ScriptedPrompter("wrong password");
        assertRefused(() -> oneLoginLogin(login, "alice", wrong), "refused the user name or password of 'alice'");
        assertEquals(List.of("alice " + kit.endpoint().getRawAuthority()), wrong.refused,
                "the keyring account names the API host the password goes to");
        assertRefused(() -> oneLoginLogin(login, "locked", new ScriptedPrompter(PASSWORD)), "has locked the account");
        assertRefused(() -> oneLoginLogin(login, "push-rejected", new ScriptedPrompter(PASSWORD)),
                "Authentication denied");
        assertRefused(() -> oneLoginLogin(login, "push-timeout", new ScriptedPrompter(PASSWORD)),
                "not approved within 0 seconds");

        ScriptedPrompter badSecret = new ScriptedPrompter("not the secret");
        KeyportException e = assertRefused(() -> oneLoginLogin(oneLogin("us", Map.of()), "alice", badSecret),
                "refused the API credential with client id testkit-client");
        assertEquals(List.of("client:testkit-client " + kit.endpoint().getRawAuthority()), badSecret.refused);
        assertFalse(e.getMessage().contains("not the secret"));
    }

    @Test
    void oneLoginWithoutAnApiClientSaysHowToMakeOne() {
        OneLoginProvider provider = new OneLoginProvider();
        KeyportException e = assertThrows(KeyportException.class, () -> provider.headlessLogin().orElseThrow()
                .obtainSamlResponse(new HeadlessLogin.Context(URI.create("https://acme.onelogin.com/launch/1"),
                        "alice", new ScriptedPrompter(), web())));
        assertEquals(ErrorCategory.INVALID_INPUT, e.category());
        assertTrue(e.getMessage().contains("keyport.providers.onelogin.client-id"), e.getMessage());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static IdpWebClient web() {
        return new IdpWebClient(new ObjectMapper(), Duration.ofSeconds(10));
    }

    private static void assertGrantsTheRole(String samlResponse) {
        String xml = new String(Base64.getDecoder().decode(samlResponse), StandardCharsets.UTF_8);
        assertTrue(xml.contains(ROLE) && xml.contains(PROVIDER), "the response grants the app's role");
    }

    private static KeyportException assertRefused(org.junit.jupiter.api.function.Executable login, String says) {
        KeyportException e = assertThrows(KeyportException.class, login);
        assertEquals(ErrorCategory.REJECTED, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), "no secret in the message");
        return e;
    }

    static ProviderSettings settings(Map<String, String> values) {
        return new ProviderSettings() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(values.get(name));
            }

            @Override
            public List<String> list(String name) {
                return get(name).map(List::of).orElse(List.of());
            }

            @Override
            public Set<String> names() {
                return values.keySet();
            }
        };
    }

}
