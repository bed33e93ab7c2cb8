package dev.keyport.login;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The questions headless logins have open, one per session at most, and the answers to them. A login asks and waits
 * ({@link #ask}); any client (the CLI, a script, a UI) sees the question on the session and answers it by id
 * ({@link #answer}). A sign-in that belongs to no session ({@code keyport login}) has a key of its own. Kept in memory
 * only: nothing here is ever written down.
 */
@Singleton
public class PendingChallenges {
    private final ConcurrentMap<String, Pending> open = new ConcurrentHashMap<>();
    /** Signalled on every change, for {@link #awaitOther}. */
    private final Object changed = new Object();

    private record Pending(Challenge challenge, CompletableFuture<ChallengeAnswer> answer) {
    }

    /** The question open for the session, if any. */
    public Optional<Challenge> current(String sessionId) {
        return Optional.ofNullable(open.get(sessionId)).map(Pending::challenge);
    }

    /**
     * Opens {@code challenge} for the session, runs {@code opened} (which announces it), and waits for its answer ({@link Challenge.Kind#PUSH}: not called, a
     * push is only {@link #show shown}).
     *
     * @throws KeyportException CONFLICT when the user cancels, when no answer comes within {@code timeout}, or when the
     *                          login is called off (interrupted)
     */
    ChallengeAnswer ask(String sessionId, Challenge challenge, Duration timeout, Runnable opened) {
        Pending pending = new Pending(challenge, new CompletableFuture<>());
        open.put(sessionId, pending);
        signal();
        try {
            opened.run();
            ChallengeAnswer answer = pending.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.cancel()) {
                throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was cancelled at \""
                        + challenge.prompt() + "\". Start again when you want to sign in.");
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.CONFLICT, "The sign-in was called off while waiting for an"
                    + " answer to \"" + challenge.prompt() + "\".");
        } catch (TimeoutException e) {
            throw new KeyportException(ErrorCategory.CONFLICT, "No answer to \"" + challenge.prompt() + "\" came"
                    + " within " + timeout.toSeconds() + " seconds. Start again, and answer on the terminal (keyport"
                    + " session start) or with POST /api/v1/sessions/{id}/challenge.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("answers are never completed exceptionally", e);
        } finally {
            open.remove(sessionId, pending);
            signal();
        }
    }

    /**
     * Waits until the key has a challenge open other than {@code afterId} (null: any), at most {@code wait}; for a
     * client that has no event stream to hear of it (a sign-in of no session, {@code keyport login}).
     */
    public Optional<Challenge> awaitOther(String key, String afterId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (changed) {
            while (true) {
                Optional<Challenge> now = current(key).filter(c -> !c.id().equals(afterId));
                long left = deadline - System.nanoTime();
                if (now.isPresent() || left <= 0) {
                    return now;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Shows a challenge that needs no answer here (a push to approve on the phone) until the next one, or the end. */
    void show(String sessionId, Challenge challenge) {
        open.put(sessionId, new Pending(challenge, new CompletableFuture<>()));
        signal();
    }

    /** The login ended: nothing stays open for the session. */
    void clear(String sessionId) {
        open.remove(sessionId);
        signal();
    }

    /**
     * Answers the session's open question.
     *
     * @throws KeyportException CONFLICT when the session waits for no answer, or for another one than
     *                          {@code challengeId}; INVALID_INPUT when the answer does not fit the question
     */
    public void answer(String sessionId, String alias, String challengeId, ChallengeAnswer answer) {
        Pending pending = open.get(sessionId);
        if (pending == null || pending.challenge().kind() == Challenge.Kind.PUSH) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Session '" + alias + "' waits for no answer now"
                    + (pending == null ? "." : ": approve the push on your phone, or stop the session to call the"
                    + " sign-in off."));
        }
        Challenge challenge = pending.challenge();
        if (challengeId == null || !challengeId.equals(challenge.id())) {
            throw new KeyportException(ErrorCategory.CONFLICT, "The answer is for challenge '" + challengeId
                    + "', but session '" + alias + "' now asks \"" + challenge.prompt() + "\" (challenge '"
                    + challenge.id() + "'). Read the session again and answer that.");
        }
        if (!answer.cancel()) {
            String problem = switch (challenge.kind()) {
                case TEXT, SECRET -> answer.text() == null ? "the answer needs \"text\"" : null;
                case CHOICE -> answer.choice() == null || answer.choice() < 0
                        || answer.choice() >= challenge.choices().size()
                        ? "the answer needs \"choice\", a number from 0 to " + (challenge.choices().size() - 1) : null;
                case PUSH -> throw new IllegalStateException("refused above");
            };
            if (problem != null) {
                throw new KeyportException(ErrorCategory.INVALID_INPUT, "Session '" + alias + "' asks \""
                        + challenge.prompt() + "\": " + problem + " (or \"cancel\": true).");
            }
        }
        if (!pending.answer().complete(answer)) {
            throw new KeyportException(ErrorCategory.CONFLICT, "Challenge '" + challengeId + "' of session '" + alias
                    + "' has been answered already.");
        }
    }
}
