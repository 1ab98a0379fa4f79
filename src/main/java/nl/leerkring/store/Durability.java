package nl.leerkring.store;

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

    private boolean checkpoint;

    public Durability() {
    }

    private Durability(Durability other) {
        this.checkpoint = other.checkpoint;
    }

    /** For H2: {@link #ensure} writes the commits so far with a CHECKPOINT. */
    void checkpointOnEnsure() {
        this.checkpoint = true;
    }

    /**
     * Everything committed so far, by any connection, survives a kill once this returns. Call
     * it outside a transaction, after the commit that is about to be answered for.
     */
    public static void ensure(Handle handle) {
        if (handle.getConfig(Durability.class).checkpoint) {
            if (handle.isInTransaction()) {
                throw new IllegalStateException("Durability.ensure inside a transaction: its own writes are not committed yet");
            }
            handle.execute("CHECKPOINT");
        }
    }

    @Override
    public Durability createCopy() {
        return new Durability(this);
    }
}
