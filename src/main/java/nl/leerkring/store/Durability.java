package nl.leerkring.store;

import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * When a commit survives the process being killed.
 *
 * <p>On PostgreSQL, every commit does. On H2, a commit is written to the file by H2's
 * background writer within {@code WRITE_DELAY} ms (H2's own default: 500), which costs one write
 * for many commits; {@link #ensure} writes everything committed so far at once (H2's
 * {@code CHECKPOINT}). It is called wherever something leaves the process that a later start
 * must know of: a door's ack (the inbox row), a claim before its message is sent, a sent
 * marker. Everything else (a turn, a pause, a lease) may be lost with the last half second
 * before a kill: what caused it is still in the inbox or the outbox, and is done again. H2
 * writes its file in order, so a claim made durable carries every commit before it, the turn
 * that wrote the message included.
 */
public final class Durability implements JdbiConfig<Durability> {

    /** Shared by every copy of this config: one database, one file. Null: nothing to do. */
    private Checkpoints checkpoints;

    public Durability() {
    }

    private Durability(Durability other) {
        this.checkpoints = other.checkpoints;
    }

    /** For H2: {@link #ensure} writes the commits so far with a CHECKPOINT. */
    void checkpointOnEnsure() {
        checkpointOnEnsure(h -> h.execute("CHECKPOINT"));
    }

    /** The same with another way of writing the file (tests: one that takes its time). */
    void checkpointOnEnsure(Consumer<Handle> writeTheFile) {
        this.checkpoints = new Checkpoints(writeTheFile);
    }

    /**
     * Everything committed so far, by any connection, survives a kill once this returns. Call
     * it outside a transaction, after the commit that is about to be answered for.
     */
    public static void ensure(Handle handle) {
        Checkpoints checkpoints = handle.getConfig(Durability.class).checkpoints;
        if (checkpoints != null) {
            if (handle.isInTransaction()) {
                throw new IllegalStateException("Durability.ensure inside a transaction: its own writes are not committed yet");
            }
            checkpoints.ensure(handle);
        }
    }

    @Override
    public Durability createCopy() {
        return new Durability(this);
    }

    /**
     * One CHECKPOINT for every thread that asked while none was running. A file write costs
     * about the same for one commit as for many, and H2 writes one at a time: threads that ask
     * while one runs wait for it to end, and the next one started covers all of them. A
     * checkpoint that is already running when a thread asks may have started before that
     * thread's commit, so it never counts for that thread.
     */
    private static final class Checkpoints {

        private final Consumer<Handle> writeTheFile;
        private long asked;
        private long covered;
        private boolean running;

        Checkpoints(Consumer<Handle> writeTheFile) {
            this.writeTheFile = writeTheFile;
        }

        void ensure(Handle handle) {
            long covers;
            synchronized (this) {
                long ticket = ++asked;
                while (running && covered < ticket) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the database file to be written", e);
                    }
                }
                if (covered >= ticket) {
                    return;
                }
                running = true;
                covers = asked;
            }
            boolean written = false;
            try {
                writeTheFile.accept(handle);
                written = true;
            } finally {
                synchronized (this) {
                    running = false;
                    if (written) {
                        covered = Math.max(covered, covers);
                    }
                    notifyAll();
                }
            }
        }
    }
}
