-- The delivery worker's queue of conversations: one row per conversation that has messages to
-- send, and when its first unsent message may be tried next. The worker looks here for
-- conversations that are due instead of scanning every unsent message, and a conversation held
-- back by the platform's pace is one small row written, not every message waiting in it. A
-- conversation with nothing left to send leaves the queue.
CREATE TABLE outbox_queue (
    conversation_key VARCHAR(600) PRIMARY KEY,
    next_look_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX outbox_queue_due ON outbox_queue (next_look_at);

-- The unsent messages of one conversation in order, by an index seek (replaces the index
-- without the id).
DROP INDEX outbox_conversation;
CREATE INDEX outbox_conversation_pending ON outbox (conversation_key, status, id);

INSERT INTO outbox_queue (conversation_key, next_look_at)
SELECT conversation_key, MIN(next_attempt_at) FROM outbox WHERE status = 'pending' GROUP BY conversation_key;
