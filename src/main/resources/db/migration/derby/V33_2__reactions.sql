-- Reactions (issue 33): one row per user per emoji per message. Derby compares VARCHAR by code unit, so emoji
-- never collide.
CREATE TABLE message_reactions (
    message_id  BIGINT      NOT NULL,
    emoji       VARCHAR(32) NOT NULL,
    user_id     BIGINT      NOT NULL,
    created_at  TIMESTAMP   NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id),
    CONSTRAINT fk_message_reactions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_reactions_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_message_reactions_user ON message_reactions (user_id);
