-- The platform's id of the message a contribution was written in (Slack's ts), so that an edit
-- or a deletion of that message while its step is open changes or removes the contribution.
ALTER TABLE flow_contribution ADD COLUMN source_ref VARCHAR(64);
