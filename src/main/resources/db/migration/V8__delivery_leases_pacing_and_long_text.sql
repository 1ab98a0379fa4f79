-- Delivery: which worker holds a row's lease (claimed_until), so that only its holder renews it.
ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(64);

-- The rows still to send, oldest first, for the backlog in /healthz.
CREATE INDEX outbox_pending_created ON outbox (status, created_at);

-- Bucket4j's pacing state (one token bucket per conversation and per workspace), shared by all
-- instances on PostgreSQL. On H2, which serves one instance, the buckets live in memory and this
-- table stays empty.
CREATE TABLE delivery_bucket (
    id         VARCHAR(700) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- What people write has no length of ours: TEXT (unbounded on PostgreSQL; on H2 in PostgreSQL
-- mode a CHARACTER VARYING of up to 1,000,000,000 characters). The platforms' own limits apply
-- when it is sent.
ALTER TABLE outbox ALTER COLUMN payload TYPE TEXT;
ALTER TABLE outbox ALTER COLUMN last_error TYPE TEXT;
ALTER TABLE circle ALTER COLUMN learning_question TYPE TEXT;
ALTER TABLE circle ALTER COLUMN contract TYPE TEXT;
ALTER TABLE flow_run ALTER COLUMN title TYPE TEXT;
ALTER TABLE flow_run ALTER COLUMN actors TYPE TEXT;
ALTER TABLE flow_run ALTER COLUMN chosen_idea TYPE TEXT;
ALTER TABLE flow_run ALTER COLUMN report TYPE TEXT;
ALTER TABLE flow_contribution ALTER COLUMN text TYPE TEXT;
ALTER TABLE action_item ALTER COLUMN text TYPE TEXT;
ALTER TABLE feedback ALTER COLUMN text TYPE TEXT;
ALTER TABLE feedback_draft ALTER COLUMN text TYPE TEXT;
ALTER TABLE circle_session ALTER COLUMN learning_points TYPE TEXT;
ALTER TABLE assignment ALTER COLUMN text TYPE TEXT;
ALTER TABLE assignment_answer ALTER COLUMN text TYPE TEXT;
ALTER TABLE teams_conversation ALTER COLUMN reference_json TYPE TEXT;
