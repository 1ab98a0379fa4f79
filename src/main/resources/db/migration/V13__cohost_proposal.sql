-- Whom a co-host asked to take over their turn: an answer counts only from someone who was asked.
CREATE TABLE cohost_proposal (
    session_id   BIGINT       NOT NULL REFERENCES circle_session (id) ON DELETE CASCADE,
    workspace_id VARCHAR(64)  NOT NULL,
    asked_id     VARCHAR(128) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, asked_id)
);
