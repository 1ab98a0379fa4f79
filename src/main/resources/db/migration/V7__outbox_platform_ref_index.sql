-- A reply in a case's thread and a press on a card in a Teams 1:1 chat are traced back by the
-- platform id of the message they belong to.
CREATE INDEX outbox_platform_ref ON outbox (workspace_id, platform_ref);
