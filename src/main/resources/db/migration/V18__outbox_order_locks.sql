-- Order within a conversation: a transaction that writes to a conversation's outbox first locks
-- that conversation's slot here (the conversation key's hash modulo 1024; the slots hold nothing
-- but their number). A second transaction writing to the same conversation waits for the first
-- to commit, so row ids follow commit order per conversation, also with several instances: the
-- delivery worker, which sends each conversation in id order, never sends a later row before an
-- earlier one that had not committed yet.
CREATE TABLE outbox_order_lock (
    slot INT PRIMARY KEY
);
INSERT INTO outbox_order_lock (slot)
SELECT hi.n * 32 + lo.n FROM (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31)) AS hi (n),
                             (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31)) AS lo (n);
