package dev.keyport.writer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Carries out edits of the two AWS files in batches: every edit that is waiting when the files become free goes into
 * one locked read, one write and one fsync of each file (group commit). Five hundred sessions starting at once then cost
 * a handful of rewrites instead of five hundred, while each caller still learns only once its own change is on disk.
 *
 * <p>Every guarantee of a single {@link LockedFileUpdater#updateAll} holds for the batch: both files are locked
 * against other writers, replaced atomically, foreign bytes are untouched, and a caller's future completes only after
 * the rename, so a kill -9 never loses a change that was reported done. Edits are applied in the order they were
 * submitted, each to the documents as the previous ones left them. An edit that throws is refused alone: if it had
 * already changed a document, the batch is applied again from the files' text without it, so a refused edit leaves
 * nothing behind and never takes the others down with it. A failure of the update itself (a lock held too long, a disk
 * error) fails every edit of the batch.
 *
 * <p>One daemon thread writes; it ends after a minute without work and is started again by the next edit.
 */
final class GroupCommit {

    /** The two files of one batch, as read under the lock, and their parsed documents that the edits change. */
    static final class Files {
        final String credentialsText;
        final String configText;
        final IniDocument credentials;
        final IniDocument config;

        private Files(String credentialsText, String configText) {
            this.credentialsText = credentialsText;
            this.configText = configText;
            this.credentials = IniDocument.parse(credentialsText);
            this.config = IniDocument.parse(configText);
        }

        private Optional<String> credentialsProblem;
        private Optional<String> configProblem;

        /** What the AWS tools would refuse in the credentials file as read (checked once per batch). */
        Optional<String> credentialsProblem() {
            if (credentialsProblem == null) {
                credentialsProblem = AwsFileSyntax.problem(credentialsText);
            }
            return credentialsProblem;
        }

        /** What the AWS tools would refuse in the config file as read (checked once per batch). */
        Optional<String> configProblem() {
            if (configProblem == null) {
                configProblem = AwsFileSyntax.problem(configText);
            }
            return configProblem;
        }

        private boolean changedSince(int credentialsVersion, int configVersion) {
            return credentials.version() != credentialsVersion || config.version() != configVersion;
        }
    }

    /** One change of the files; throws to refuse. It may run more than once, so it reports only its last run. */
    interface Edit<T> {
        T apply(Files files);
    }

    private static final class Pending<T> {
        final Edit<T> edit;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException refusal;

        Pending(Edit<T> edit) {
            this.edit = edit;
        }

        void finish() {
            if (refusal != null) {
                done.completeExceptionally(refusal);
            } else {
                done.complete(result);
            }
        }
    }

    private static final String THREAD_NAME = "keyport-aws-files";

    private final LockedFileUpdater updater;
    private final List<Path> files;
    private final ThreadPoolExecutor writer;
    private final List<Pending<?>> queue = new ArrayList<>();
    private boolean draining;

    GroupCommit(LockedFileUpdater updater, Path credentialsFile, Path configFile) {
        this.updater = updater;
        this.files = List.of(credentialsFile, configFile);
        String threadName = THREAD_NAME + "-" + System.identityHashCode(this);
        this.writer = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the edit; the future completes once the batch holding it is on disk, or with the edit's refusal. */
    <T> CompletableFuture<T> submit(Edit<T> edit) {
        Pending<T> pending = new Pending<>(edit);
        synchronized (queue) {
            queue.add(pending);
            if (!draining) {
                startDraining();
            }
        }
        return pending.done;
    }

    /** Whether the calling thread is the one that writes (where waiting for a change would wait forever). */
    boolean isWriterThread() {
        return Thread.currentThread().getName().equals(THREAD_NAME + "-" + System.identityHashCode(this));
    }

    /** Under the queue's lock. */
    private void startDraining() {
        try {
            writer.execute(this::drain);
            draining = true;
        } catch (RuntimeException | Error e) {
            // No thread to write (the JVM could not start one): fail what waits rather than leave it waiting.
            for (Pending<?> waiting : queue) {
                waiting.done.completeExceptionally(e);
            }
            queue.clear();
            throw e;
        }
    }

    private void drain() {
        try {
            while (true) {
                List<Pending<?>> batch;
                synchronized (queue) {
                    if (queue.isEmpty()) {
                        draining = false;
                        return;
                    }
                    batch = new ArrayList<>(queue);
                    queue.clear();
                }
                commit(batch);
            }
        } catch (Error e) {
            synchronized (queue) {
                draining = false;
                if (!queue.isEmpty()) {
                    startDraining();
                }
            }
            throw e;
        }
    }

    private void commit(List<Pending<?>> batch) {
        try {
            updater.updateAll(files, texts -> apply(batch, texts.get(0), texts.get(1)));
        } catch (RuntimeException | Error e) {
            for (Pending<?> pending : batch) {
                pending.done.completeExceptionally(e);
            }
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        for (Pending<?> pending : batch) {
            pending.finish();
        }
    }

    /** The batch applied to the files' texts; LockedFileUpdater may call this again when another program wrote. */
    private static List<String> apply(List<Pending<?>> batch, String credentialsText, String configText) {
        for (Pending<?> pending : batch) {
            pending.refusal = null;
        }
        while (true) {
            Files current = new Files(credentialsText, configText);
            boolean again = false;
            for (Pending<?> pending : batch) {
                if (pending.refusal == null && !run(pending, current)) {
                    // A refusal that had already changed a document: start over without that edit.
                    again = true;
                    break;
                }
            }
            if (!again) {
                return List.of(current.credentials.render(), current.config.render());
            }
        }
    }

    /** Runs one edit; false when it was refused after changing a document (the documents must be rebuilt). */
    private static <T> boolean run(Pending<T> pending, Files current) {
        int credentialsVersion = current.credentials.version();
        int configVersion = current.config.version();
        try {
            pending.result = pending.edit.apply(current);
            return true;
        } catch (RuntimeException e) {
            pending.refusal = e;
            return !current.changedSince(credentialsVersion, configVersion);
        }
    }
}
