-- A row that opens a form with the platform's short-lived trigger (a Slack modal) is sent in a
-- lane of its own, before its trigger expires; this is when it does. Null for every other row.
ALTER TABLE outbox ADD COLUMN trigger_expires_at TIMESTAMP WITH TIME ZONE;

-- The lane looks only for its own pending rows.
CREATE INDEX outbox_trigger_lane ON outbox (status, trigger_expires_at);
