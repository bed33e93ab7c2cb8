package dev.keyport.login;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingChallengesTest {
    private final PendingChallenges challenges = new PendingChallenges();

    private static Challenge secret(String id) {
        return new Challenge(id, Challenge.Kind.SECRET, "Okta password for alice", null, List.of(), null, null);
    }

    /** Asks on another thread; returns once the challenge is open. */
    private CompletableFuture<ChallengeAnswer> asking(Challenge c) throws InterruptedException {
        CountDownLatch open = new CountDownLatch(1);
        CompletableFuture<ChallengeAnswer> answer = CompletableFuture.supplyAsync(
                () -> challenges.ask("s1", c, Duration.ofMinutes(1), open::countDown));
        assertTrue(open.await(30, TimeUnit.SECONDS));
        return answer;
    }

    @Test
    void anAnswerReachesTheLoginThatAskedAndTheChallengeCloses() throws Exception {
        CompletableFuture<ChallengeAnswer> answer = asking(secret("c1"));
        assertEquals("c1", challenges.current("s1").orElseThrow().id());
        challenges.answer("s1", "dev", "c1", new ChallengeAnswer("hunter2", null, false));
        assertEquals("hunter2", answer.get(30, TimeUnit.SECONDS).text());
        assertTrue(challenges.current("s1").isEmpty());
    }

    @Test
    void anAnswerToAnotherChallengeOrOfTheWrongShapeIsRefusedAndChangesNothing() throws Exception {
        CompletableFuture<ChallengeAnswer> answer = asking(new Challenge("c2", Challenge.Kind.CHOICE,
                "Okta second factor", null, List.of("push", "code"), null, null));
        KeyportException stale = assertThrows(KeyportException.class,
                () -> challenges.answer("s1", "dev", "c1", new ChallengeAnswer(null, 0, false)));
        assertEquals(ErrorCategory.CONFLICT, stale.category());
        KeyportException range = assertThrows(KeyportException.class,
                () -> challenges.answer("s1", "dev", "c2", new ChallengeAnswer(null, 2, false)));
        assertEquals(ErrorCategory.INVALID_INPUT, range.category());
        assertTrue(range.getMessage().contains("from 0 to 1"), range.getMessage());
        assertFalse(answer.isDone());
        challenges.answer("s1", "dev", "c2", new ChallengeAnswer(null, 1, false));
        assertEquals(1, answer.get(30, TimeUnit.SECONDS).choice());
    }

    @Test
    void aCancelEndsTheLoginWithAConflictNamingTheQuestion() throws Exception {
        CompletableFuture<ChallengeAnswer> answer = asking(secret("c3"));
        challenges.answer("s1", "dev", "c3", new ChallengeAnswer(null, null, true));
        Exception e = assertThrows(Exception.class, () -> answer.get(30, TimeUnit.SECONDS));
        KeyportException cause = (KeyportException) e.getCause();
        assertEquals(ErrorCategory.CONFLICT, cause.category());
        assertTrue(cause.getMessage().contains("cancelled at \"Okta password for alice\""), cause.getMessage());
    }

    @Test
    void noAnswerInTimeIsAConflictThatSaysHowToAnswer() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> challenges.ask("s1", secret("c4"), Duration.ZERO, () -> { }));
        assertTrue(e.getMessage().contains("POST /api/v1/sessions/{id}/challenge"), e.getMessage());
        assertTrue(challenges.current("s1").isEmpty());
    }

    @Test
    void aPushTakesNoAnswerAndNothingOpenTakesNone() {
        KeyportException none = assertThrows(KeyportException.class,
                () -> challenges.answer("s1", "dev", "c5", new ChallengeAnswer("x", null, false)));
        assertTrue(none.getMessage().contains("waits for no answer"), none.getMessage());
        challenges.show("s1", new Challenge("c6", Challenge.Kind.PUSH, "Approve the push", null, List.of(), "42",
                null));
        KeyportException push = assertThrows(KeyportException.class,
                () -> challenges.answer("s1", "dev", "c6", new ChallengeAnswer("x", null, false)));
        assertTrue(push.getMessage().contains("approve the push on your phone"), push.getMessage());
    }

    @Test
    void aSecretAnswerNeverPrints() {
        assertFalse(new ChallengeAnswer("hunter2", null, false).toString().contains("hunter2"));
    }

    @Test
    void aClientWithoutEventsHearsOfTheNextChallengeByWaitingForIt() throws Exception {
        assertTrue(challenges.awaitOther("sign-in x", null, Duration.ZERO).isEmpty(), "nothing open, no wait");
        CompletableFuture<java.util.Optional<Challenge>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return challenges.awaitOther("s1", "c7", Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        challenges.show("s1", new Challenge("c7", Challenge.Kind.PUSH, "the one already seen", null, List.of(), null,
                null));
        challenges.show("s1", new Challenge("c8", Challenge.Kind.PUSH, "a new one", null, List.of(), null, null));
        assertEquals("c8", waiting.get(30, TimeUnit.SECONDS).orElseThrow().id());
    }
}
