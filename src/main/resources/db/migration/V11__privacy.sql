-- Messages that must not outlive their delivery (the word to the giver of an anonymous top,
-- a member's own data, the confirmation that they were forgotten): the row is deleted as soon
-- as the platform has it, instead of keeping it for seven days.
ALTER TABLE outbox ADD COLUMN forget_when_sent BOOLEAN DEFAULT FALSE NOT NULL;
