-- Teams: whether Leerkring greeted a conversation and whether it was removed from it (then it
-- posts nothing there; the circle's own data stays), the team of a channel, and per member the 1:1 chat with the bot
-- (so a private message is one call, not a create and a post) and the display name Teams gave.
ALTER TABLE teams_conversation ADD COLUMN greeted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE teams_conversation ADD COLUMN gone_at TIMESTAMP WITH TIME ZONE;
-- The team a channel belongs to: removing the app from a team removes it from all its channels.
ALTER TABLE teams_conversation ADD COLUMN team_id VARCHAR(255);

CREATE TABLE teams_member (
    tenant_id    VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(128) NOT NULL,
    chat_id      VARCHAR(255),
    display_name VARCHAR(255),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
