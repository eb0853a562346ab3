-- Mentions (issue 33): one row per user an @name of a message resolved to, when it was sent or last edited. Messages
-- are deleted for good (no soft delete), and the mention goes with its message or room. room_id is the message's
-- room, kept here so that a user's mentions per room are counted from this table alone (unread counts).
CREATE TABLE message_mentions (
    message_id  BIGINT NOT NULL,
    room_id     BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    -- a user's mentions newest first (GET /api/me/mentions): WHERE user_id = ? AND message_id < ? ORDER BY message_id DESC
    PRIMARY KEY (user_id, message_id),
    -- a user's mentions in a room after the last one read
    KEY ix_message_mentions_room (user_id, room_id, message_id),
    -- a message's mentions (history pages, edits, cascades)
    KEY ix_message_mentions_message (message_id),
    CONSTRAINT fk_message_mentions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_mentions_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_mentions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
