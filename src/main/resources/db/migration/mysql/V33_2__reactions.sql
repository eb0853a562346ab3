-- Reactions (issue 33): one row per user per emoji per message. The emoji compares byte for byte (utf8mb4_bin):
-- utf8mb4_unicode_ci weighs most emoji the same, and would take a heart for a thumbs-up.
CREATE TABLE message_reactions (
    message_id  BIGINT      NOT NULL,
    emoji       VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    user_id     BIGINT      NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    -- counts of a page of messages: WHERE message_id IN (...) GROUP BY message_id, emoji
    PRIMARY KEY (message_id, emoji, user_id),
    KEY ix_message_reactions_user (user_id),
    CONSTRAINT fk_message_reactions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_reactions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
