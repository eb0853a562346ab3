-- Unread counts (issue 33); see the MySQL migration of the same version.
ALTER TABLE room_users ADD COLUMN last_read_id BIGINT NOT NULL DEFAULT 0;
UPDATE room_users SET last_read_id = (SELECT r.last_message_id FROM rooms r WHERE r.id = room_users.room_id);
