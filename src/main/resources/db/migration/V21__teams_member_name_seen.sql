-- When Teams last gave a member's display name (in an activity or from the conversation's member
-- list): a name older than a week is looked up again before the bot shows it.
ALTER TABLE teams_member ADD COLUMN name_seen_at TIMESTAMP WITH TIME ZONE;
UPDATE teams_member SET name_seen_at = updated_at WHERE display_name IS NOT NULL;
