package dev.keyport.login;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a login's questions meet the session's challenges and the password memory. */
class SessionPrompterTest {
    private final PendingChallenges challenges = new PendingChallenges();
    private final List<String> status = new ArrayList<>();
    private final Map<String, char[]> remembered = new HashMap<>();
    private final CountDownLatch opened = new CountDownLatch(1);

    /** The keyring, as a map: what is remembered, recalled and forgotten. */
    private final PasswordMemory memory = new PasswordMemory() {
        @Override
        public Optional<char[]> recall(String account) {
            return Optional.ofNullable(remembered.get(account)).map(char[]::clone);
        }

        @Override
        public void remember(String account, char[] secret) {
            remembered.put(account, secret.clone());
        }

        @Override
        public void forget(String account) {
            remembered.remove(account);
        }
    };

    private SessionPrompter prompter() {
        return new SessionPrompter("s1", challenges, reason -> {
            status.add(reason);
            opened.countDown();
        }, memory, Duration.ofMinutes(1), true);
    }

    @Test
    void aTypedPasswordIsRememberedOnlyOnceTheLoginSucceeds() throws Exception {
        SessionPrompter p = prompter();
        CompletableFuture<char[]> asked = CompletableFuture.supplyAsync(() -> p.askPassword("Okta password", "alice"));
        assertTrue(opened.await(30, TimeUnit.SECONDS));
        Challenge open = challenges.current("s1").orElseThrow();
        assertEquals(Challenge.Kind.SECRET, open.kind());
        assertEquals("waiting for your answer: Okta password", status.get(0));
        challenges.answer("s1", "dev", open.id(), new ChallengeAnswer("hunter2", null, false));
        assertArrayEquals("hunter2".toCharArray(), asked.get(30, TimeUnit.SECONDS));
        assertTrue(remembered.isEmpty(), "not before the IdP accepted it");
        p.succeeded();
        assertArrayEquals("hunter2".toCharArray(), remembered.get("alice"));
        assertTrue(challenges.current("s1").isEmpty());
    }

    @Test
    void aRememberedPasswordIsUsedWithoutAskingAndForgottenWhenRefused() {
        remembered.put("alice", "old".toCharArray());
        SessionPrompter p = prompter();
        assertArrayEquals("old".toCharArray(), p.askPassword("Okta password", "alice"));
        assertTrue(challenges.current("s1").isEmpty() && status.isEmpty(), "nothing asked");
        p.passwordRefused("alice");
        p.succeeded();
        assertTrue(remembered.isEmpty(), "a refused password is forgotten, and nothing is remembered in its place");
    }

    @Test
    void aPushIsShownWithItsNumberAndANoteGoesWithTheNextQuestion() {
        SessionPrompter p = prompter();
        p.tell("Okta refused that code; try again.");
        p.pushSent("Approve the Okta Verify push on your phone", "42");
        Challenge push = challenges.current("s1").orElseThrow();
        assertEquals(Challenge.Kind.PUSH, push.kind());
        assertEquals("42", push.number());
        assertEquals("Okta refused that code; try again.", push.note());
        assertEquals("Approve the Okta Verify push on your phone; tap 42", status.get(status.size() - 1));
        p.ended();
        assertTrue(challenges.current("s1").isEmpty());
        assertTrue(Arrays.asList(status.toArray()).contains("Okta refused that code; try again."));
    }

    @Test
    void aSignInNoOneAskedForAsksNothingButMayUseARememberedPassword() {
        remembered.put("alice", "kept".toCharArray());
        SessionPrompter unattended = new SessionPrompter("s1", challenges, status::add, memory, Duration.ofMinutes(1),
                false);
        assertArrayEquals("kept".toCharArray(), unattended.askPassword("Okta password", "alice"));
        dev.keyport.spi.KeyportException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.keyport.spi.KeyportException.class, () -> unattended.askSecret("Code from Okta Verify"));
        assertEquals(dev.keyport.spi.ErrorCategory.CONFLICT, e.category());
        assertTrue(e.getMessage().contains("\"Code from Okta Verify\"") && e.getMessage().contains(
                "keyport session refresh"), e.getMessage());
        assertTrue(challenges.current("s1").isEmpty() && status.isEmpty(), "nothing opened, nothing announced");
        org.junit.jupiter.api.Assertions.assertFalse(unattended.attended());
    }
}
