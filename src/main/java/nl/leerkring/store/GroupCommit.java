package nl.leerkring.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small writes from many threads, committed together: each caller hands in its write and waits
 * for the commit that holds it, and one writer thread puts whatever is waiting into one
 * transaction and makes it durable ({@link Durability#ensure}) before any caller returns. A
 * durable commit costs about the same for one row as for a hundred, so under load this turns a
 * commit per write into a commit per moment. Used on both sides of the bot: the doors' inbox
 * rows, and the outbox's sent markers.
 *
 * <p>A write that fails is not allowed to take the others with it: the batch is then rolled
 * back and each of its writes committed on its own, so only the failing one reports its failure.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 256;

    /** The write did not reach a commit within the wait (the database is away or far behind). */
    public static final class NotCommitted extends RuntimeException {
        NotCommitted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Work<T>(Function<Handle, T> write, CompletableFuture<T> done) {

        void runIn(Handle h, List<Runnable> afterCommit) {
            T result = write.apply(h);
            afterCommit.add(() -> done.complete(result));
        }
    }

    private final Jdbi jdbi;
    private final BlockingQueue<Work<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** @param name names the writer thread ({@code leerkring-<name>-commit}) */
    public GroupCommit(Jdbi jdbi, String name) {
        this.jdbi = jdbi;
        this.writer = new Thread(this::writeLoop, "leerkring-" + name + "-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs {@code write} in the next group's transaction and returns its result once that is
     * committed.
     *
     * @throws NotCommitted when no commit came within {@code wait}, or the transaction failed
     * @throws RuntimeException what {@code write} itself threw (nothing of it was committed)
     */
    public <T> T write(Function<Handle, T> write, Duration wait) {
        if (closed) {
            throw new NotCommitted("closed", null);
        }
        Work<T> work = new Work<>(write, new CompletableFuture<>());
        waiting.add(work);
        try {
            return work.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NotCommitted("no commit within " + wait.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NotCommitted("the commit failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotCommitted("interrupted", e);
        }
    }

    private void writeLoop() {
        while (!closed || !waiting.isEmpty()) {
            List<Work<?>> batch = new ArrayList<>();
            try {
                Work<?> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(w -> w.done().completeExceptionally(e));
                return;
            }
        }
    }

    private void commit(List<Work<?>> batch) {
        List<Runnable> afterCommit = new ArrayList<>(batch.size());
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(h -> {
                    for (Work<?> work : batch) {
                        work.runIn(h, afterCommit);
                    }
                });
                Durability.ensure(handle);
            });
            afterCommit.forEach(Runnable::run);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            log.debug("A group of {} writes failed ({}); committing each on its own", batch.size(), e.toString());
            for (Work<?> work : batch) {
                commit(List.of(work));
            }
        }
    }

    /** Commits what was handed in already, then stops; later writes fail at once. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Work<?> left;
        while ((left = waiting.poll()) != null) {
            left.done().completeExceptionally(new NotCommitted("closed", null));
        }
    }
}
