-- Mentions (issue 33); see the MySQL migration of the same version for what each column and index is for.
CREATE TABLE message_mentions (
    message_id  BIGINT NOT NULL,
    room_id     BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    PRIMARY KEY (user_id, message_id),
    CONSTRAINT fk_message_mentions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_mentions_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_mentions_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_message_mentions_room ON message_mentions (user_id, room_id, message_id);
CREATE INDEX ix_message_mentions_message ON message_mentions (message_id);
