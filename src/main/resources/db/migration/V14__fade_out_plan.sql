-- A circle's plan for its facilitators to step back: how many facilitators lead which of its
-- sessions, as the facilitator wrote it ("2:1-3 1:4-6 0:7-"). One per circle; none: as always.
CREATE TABLE fade_out_plan (
    circle_id    BIGINT       NOT NULL PRIMARY KEY REFERENCES circle (id) ON DELETE CASCADE,
    workspace_id VARCHAR(64)  NOT NULL,
    stages       VARCHAR(200) NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
